import React from 'react';
import { InputRouter } from './input-router.js';
import { ReplayScreen } from './screens/replay-screen.js';
import type { ReplayPlan } from '../domain/replay-plan.js';

/** The replay screen with the one key subscription it needs (see input-router.tsx). */
export function ReplayApp({ plan, speed, onQuit }: { plan: ReplayPlan; speed: number; onQuit: () => void }) {
  return (
    <InputRouter rawInput>
      <ReplayScreen plan={plan} speed={speed} onQuit={onQuit} />
    </InputRouter>
  );
}

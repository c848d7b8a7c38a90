// `incident replay`: a past incident played back event by event, for review
// meetings and onboarding. The plan (domain/replay-plan.ts) says what to show
// and how long to wait; this screen keeps time and takes the keys. Every row
// is one terminal line and the list is windowed, so the frame always stays
// shorter than the terminal however long the incident was.
import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { useScreenKeys } from '../input-router.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { Footer } from '../components/footer.js';
import { delayBefore, offsetLabel, phaseAt, phaseForKey, type ReplayPlan } from '../../domain/replay-plan.js';
import { formatUtc } from '../../domain/format-time.js';
import type { Severity } from '../../domain/types.js';

const SEV_COLOR: Record<Severity, string> = { 'SEV-1': 'red', 'SEV-2': 'yellow', 'SEV-3': 'cyan', 'SEV-4': 'gray' };
const PHASE_LABEL: Record<string, string> = { postmortem: 'post-mortem' };
const BADGE = { incident: ' REPLAY ', practice: ' REPLAY · PRACTICE ', drill: ' REPLAY · DRILL ' } as const;
/** Header (2 lines and a gap) and footer (a gap, a status line, the keys). */
const CHROME_ROWS = 6;

interface Props {
  plan: ReplayPlan;
  /** 2 plays twice as fast; gaps stay compressed whatever the speed. */
  speed: number;
  onQuit: () => void;
}

type Row = { kind: 'gap'; key: string; text: string } | { kind: 'event'; key: string; index: number };

export function ReplayScreen({ plan, speed, onQuit }: Props) {
  const { rows: terminalRows } = useTerminalSize();
  const last = plan.events.length - 1;
  const [cursor, setCursor] = useState(0);
  const [playing, setPlaying] = useState(last > 0);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!playing) return undefined;
    if (cursor >= last) {
      setPlaying(false);
      return undefined;
    }
    const timer = setTimeout(() => setCursor((c) => Math.min(last, c + 1)), delayBefore(plan, cursor + 1, speed));
    return () => clearTimeout(timer);
  }, [playing, cursor, last, plan, speed]);

  useScreenKeys((input, key) => {
    if ((key.ctrl && input === 'c') || input === 'q' || key.escape) return onQuit();
    setMessage(null);
    const move = (to: number) => setCursor(Math.max(0, Math.min(last, to)));
    if (input === ' ') {
      // At the end, Space plays it again from the start.
      if (!playing && cursor >= last) {
        move(0);
        setPlaying(last > 0);
      } else setPlaying((p) => !p);
    } else if (key.rightArrow || input === 'n') {
      // Stepping by hand pauses: the event stepped to stays until asked.
      setPlaying(false);
      setCursor((c) => Math.min(last, c + 1));
    } else if (key.leftArrow) {
      setPlaying(false);
      setCursor((c) => Math.max(0, c - 1));
    } else if (key.home) move(0);
    else if (key.end) {
      setPlaying(false);
      move(last);
    } else {
      const phase = phaseForKey(input);
      if (phase === null) return;
      const start = plan.phaseStarts[phase];
      if (start === undefined) setMessage(`This incident never reached ${PHASE_LABEL[phase] ?? phase}.`);
      else move(start);
    }
  });

  const current = plan.events[cursor];
  const compact = terminalRows - 1 < CHROME_ROWS + 2;
  const listRows = Math.max(1, compact ? terminalRows - 2 : terminalRows - 1 - CHROME_ROWS);
  const shown = windowRows(plan, cursor, listRows);
  const severity = current?.severity ?? null;
  const phase = phaseAt(plan, cursor);
  const state = playing ? `▶ playing${speed !== 1 ? ` ×${speed}` : ''}` : cursor >= last ? '■ end' : '❚❚ paused';

  return (
    <Box flexDirection="column">
      <Box>
        <Box flexShrink={0}>
          <Text backgroundColor="blue" color="white" bold>
            {BADGE[plan.kind]}
          </Text>
        </Box>
        <Box flexGrow={1} flexShrink={1} marginLeft={1}>
          <Text bold wrap="truncate-end">
            {plan.title}
          </Text>
        </Box>
        <Box flexShrink={0} marginLeft={1}>
          <Text color={playing ? 'green' : 'yellow'}>{state}</Text>
        </Box>
      </Box>
      {compact ? null : (
        <Box marginBottom={1}>
          <Text wrap="truncate-end">
            <Text color={severity ? SEV_COLOR[severity] : 'gray'} bold>
              {severity ?? 'SEV-?'}
            </Text>
            <Text dimColor>{'  ·  '}</Text>
            <Text color="cyan">{PHASE_LABEL[phase] ?? phase}</Text>
            <Text dimColor>{'  ·  '}</Text>
            {current ? `${formatUtc(current.at)}  ${offsetLabel(current.offsetMs)}` : '—'}
            <Text dimColor>{`  ·  event ${cursor + 1} of ${plan.events.length}`}</Text>
          </Text>
        </Box>
      )}
      {shown.map((row) =>
        row.kind === 'gap' ? (
          <Text key={row.key} dimColor wrap="truncate-end">
            {`${' '.repeat(11)}${row.text}`}
          </Text>
        ) : (
          <EventRow key={row.key} plan={plan} index={row.index} current={row.index === cursor} />
        ),
      )}
      {compact ? null : (
        <Footer
          screenKeys={[
            { keys: 'Space', description: playing ? 'pause' : 'play' },
            { keys: '→ ←', description: 'step' },
            { keys: 'Home End', description: 'start / end' },
            { keys: 'q', description: 'quit' },
            // Last: in a narrow terminal the truncated end of the line is the least needed.
            { keys: '1-6', description: 'jump to detect … post-mortem' },
          ]}
          typing={false}
          globals={false}
          status={{ text: message ?? ' ', tone: message ? 'error' : 'dim' }}
        />
      )}
    </Box>
  );
}

function EventRow({ plan, index, current }: { plan: ReplayPlan; index: number; current: boolean }) {
  const e = plan.events[index]!;
  return (
    <Text wrap="truncate-end" bold={current}>
      <Text color={current ? 'cyan' : undefined}>{current ? '› ' : '  '}</Text>
      <Text dimColor>{formatUtc(e.at).slice(11, 19)}</Text>
      <Text>{` ${offsetLabel(e.offsetMs).padStart(8)} `}</Text>
      <Text color="cyan">{(PHASE_LABEL[e.phase] ?? e.phase).padEnd(12)}</Text>
      {e.text}
    </Text>
  );
}

/** The rows up to the current event, gap markers included, as many as fit, ending at the current one. */
function windowRows(plan: ReplayPlan, cursor: number, rows: number): Row[] {
  const out: Row[] = [];
  for (let i = cursor; i >= 0 && out.length < rows; i--) {
    const e = plan.events[i]!;
    out.push({ kind: 'event', key: e.id, index: i });
    if (e.gapLabel && i > 0 && out.length < rows) out.push({ kind: 'gap', key: `gap-${e.id}`, text: e.gapLabel });
  }
  return out.reverse();
}

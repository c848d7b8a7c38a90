import React, { useEffect, useState, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import { useSelector } from '@xstate/react';
import { useTerminalSize } from './use-terminal-size.js';
import type { IncidentSession } from '../session/types.js';
import { promptFor, promptIdentity } from '../machine/prompts.js';
import { walkPromptFor } from '../machine/walk-prompts.js';
import { siteStatusLine } from '../machine/diagnostic-lines.js';
import { matchRunbooks } from '../domain/runbook-walk.js';
import type { Runbook } from '../domain/runbook.js';
import type { GlobalAction } from './keymap.js';
import { Header } from './components/header.js';
import { ToneText } from './components/tone-text.js';
import { PromptScreen, type PromptSource, type Status } from './screens/prompt-screen.js';
import { NoteScreen } from './screens/note-screen.js';
import { TimelineScreen } from './screens/timeline-screen.js';
import { HelpScreen } from './screens/help-screen.js';
import { RunbookPicker, type PickerEntry } from './screens/runbook-picker.js';
import { UpdateScreen } from './screens/update-screen.js';
import { draftUpdate, updateDueAt, updateKindFor } from '../domain/status-update.js';
import { deliveryLine, isDeliveryEntry } from '../domain/update-delivery.js';
import { rolesPrompt, type RolesStage } from '../machine/roles-prompts.js';
import type { PromptAction } from '../machine/prompts.js';
import { isRole } from '../domain/roles.js';
import { TYPE_OWN_ACTION } from '../machine/prompts.js';
import { endDrillPrompt, END_DRILL } from '../machine/drill-prompts.js';

type Overlay = 'note' | 'update' | 'timeline' | 'help' | 'runbooks' | 'walk' | 'roles' | 'end-drill' | null;

/** The runbooks found on disk (loaded in the background when first asked for: most incidents never open one). */
export type LoadRunbooks = () => Promise<{ runbooks: Runbook[]; problems: string[] }>;
type Catalog = Awaited<ReturnType<LoadRunbooks>>;

export interface AppProps {
  session: IncidentSession;
  now: () => Date;
  onQuit: () => void;
  loadRunbooks?: LoadRunbooks;
  /** A walkthrough: only the runbook is shown, and finishing it leaves. */
  practice?: boolean;
}

export function App({ session, now, onQuit: leave, loadRunbooks, practice }: AppProps) {
  const snapshot = useSelector(session.actor, (s) => s);
  const drill = session.drill;
  // Leaving a drill ends it (its world goes): asked first, unless it is already over.
  const onQuit = () => (drill && session.actor.getSnapshot().status !== 'done' ? setOverlay('end-drill') : leave());
  // "Something else" on a drill's "What did you do?": that asking (by attempt) becomes a text field.
  const [ownActionAt, setOwnActionAt] = useState<number | null>(null);
  useSyncExternalStore(
    (l) => session.subscribeEntries(l),
    () => session.version,
  );
  // A resumed incident opens on its own question; a runbook left open is one `r` away (the hint says so).
  const [chosen, setOverlay] = useState<Overlay>(practice ? 'walk' : null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [status, setStatus] = useState<Status | null>(
    session.warnings.length > 0 ? { text: `⚠ ${session.warnings.join(' · ')}`, tone: 'error' } : null,
  );
  const { rows } = useTerminalSize();

  const facts = snapshot.context.facts;
  const walk = session.walk;
  // A dismissed walk leaves nothing to show: back to the incident's question.
  const overlay: Overlay = chosen === 'walk' && !walk ? null : chosen;
  const incidentSource: PromptSource = () => {
    const snap = session.actor.getSnapshot();
    const extras = {
      rollback: session.rollbackView,
      watchingUntil: session.watchingUntil,
      entries: session.entries,
      cadence: session.cadence,
      drill,
      typeOwnAction: ownActionAt !== null && ownActionAt === snap.context.facts?.contain.length,
    };
    return { prompt: promptFor(snap, now(), extras), identity: promptIdentity(snap, extras) };
  };
  const walkSource: PromptSource = () => {
    const w = session.walk;
    if (!w) return incidentSource();
    const identity = `walk|${w.runbook.id}|${w.state.current}|${w.state.path.length}|${Object.keys(w.state.params).length}|${w.running ? 'running' : ''}|${w.state.finished ?? ''}`;
    return { prompt: walkPromptFor(w.runbook, w.state, w.running, practice === true, w.interrupted), identity };
  };
  const [rolesStage, setRolesStage] = useState<RolesStage>({ kind: 'list' });
  const rolesSource: PromptSource = () => {
    const snap = session.actor.getSnapshot();
    const f = snap.context.facts;
    if (!f) return incidentSource();
    const openRunbook = session.walk && !session.walk.state.finished ? session.walk.runbook.title : null;
    const prompt = rolesPrompt({
      facts: f,
      phase: snap.context.phase,
      stage: rolesStage,
      now: now(),
      updateDue: updateDueAt(f, f.updates, session.cadence),
      openRunbook,
    });
    return { prompt, identity: `roles|${JSON.stringify(rolesStage)}|${f.roleChanges.length}` };
  };
  const onRolesSent = (action: PromptAction) => {
    if (action.type === 'role.assigned') {
      setStatus({ text: `✓ ${action.who} is ${action.role} (recorded)`, tone: 'good' });
      return setRolesStage(action.summary ? { kind: 'summary', text: action.summary } : { kind: 'list' });
    }
    if (action.type !== 'screen') return undefined;
    if (action.to === 'close') {
      setRolesStage({ kind: 'list' });
      return back();
    }
    if (action.to === 'handoff') return setRolesStage({ kind: 'handoff' });
    const role = action.to.replace(/^assign:/, '');
    return setRolesStage(isRole(role) ? { kind: 'assign', role } : { kind: 'list' });
  };
  const endDrillSource: PromptSource = () => ({ prompt: endDrillPrompt(), identity: 'end-drill' });
  const onIncidentSent = (action: PromptAction) => {
    if (action.type === 'screen' && action.to === TYPE_OWN_ACTION)
      setOwnActionAt(session.actor.getSnapshot().context.facts?.contain.length ?? null);
  };
  const showingWalk = overlay === 'walk' && walk !== null;
  const updateKind = facts ? updateKindFor(snapshot.context.phase, facts) : null;
  const update =
    overlay === 'update' && facts && updateKind
      ? { kind: updateKind, text: draftUpdate(updateKind, facts, now(), facts.updates, session.cadence) }
      : null;
  // Stable, so the update screen copies once per draft, not on every redraw.
  const [copyUpdate] = useState(() => (text: string) => session.copyUpdate(text));

  // A webhook answers in the background: say how it went when it does.
  const delivery = session.entries.findLast(isDeliveryEntry);
  const [seenDelivery, setSeenDelivery] = useState(delivery?.id ?? null);
  useEffect(() => {
    if (!delivery || delivery.id === seenDelivery) return;
    setSeenDelivery(delivery.id);
    setStatus(deliveryLine(delivery));
  }, [delivery, seenDelivery]);

  // Once the incident has a title, look for runbooks that match it — after the
  // screen is up, so finding them never delays a keystroke's answer.
  const typed = [facts?.title, facts?.changes, facts?.affected].filter(Boolean).join(' ');
  useEffect(() => {
    if (!loadRunbooks || practice || !typed || catalog) return undefined;
    let live = true;
    const timer = setTimeout(() => void loadRunbooks().then((c) => live && setCatalog(c)), 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [loadRunbooks, practice, typed, catalog]);
  const matching = catalog && typed ? matchRunbooks(catalog.runbooks, typed) : [];
  const hint = overlay === null && matching.length > 0 && !walk ? matching : null;
  const openWalk = overlay === null && walk && !walk.state.finished && !practice ? walk.runbook.title : null;
  const site = practice ? null : siteStatusLine(facts, session.probing, session.watchingUntil);
  const prompt = (showingWalk ? walkSource : incidentSource)().prompt;

  const openPicker = () => {
    if (!loadRunbooks) return setStatus({ text: 'No runbooks are available here.', tone: 'error' });
    if (!session.id)
      return setStatus({ text: 'Say what is broken first — that declares the incident — then open a runbook.', tone: 'error' });
    if (walk && !walk.state.finished) return setOverlay('walk');
    if (catalog) return setOverlay('runbooks');
    setStatus({ text: 'Loading the runbooks…', tone: 'dim' });
    void loadRunbooks().then((c) => {
      setCatalog(c);
      setStatus(null);
      setOverlay('runbooks');
    });
    return undefined;
  };

  const onGlobal = (action: GlobalAction) => {
    if (action === 'quit') return onQuit();
    if ((action === 'note' || action === 'update' || action === 'roles') && !session.id) {
      setStatus({ text: 'Say what is broken first — that declares the incident — then notes can be added.', tone: 'error' });
      return;
    }
    if (action === 'runbooks') return practice ? undefined : openPicker();
    if (action === 'timeline') session.refreshEntries();
    if (action === 'roles') setRolesStage({ kind: 'list' });
    setOverlay(action);
  };
  // Overlays return to the walk in a walkthrough, else to the incident's question.
  const back = () => setOverlay(practice ? 'walk' : null);

  const pickerEntries = (): PickerEntry[] => {
    const all = catalog?.runbooks ?? [];
    const matched = matchRunbooks(all, typed);
    const phase = snapshot.context.phase;
    const rest = all
      .filter((r) => !matched.includes(r))
      .sort((a, b) => Number(b.phase === phase) - Number(a.phase === phase) || a.title.localeCompare(b.title));
    return [...matched.map((runbook) => ({ runbook, matched: true })), ...rest.map((runbook) => ({ runbook, matched: false }))];
  };

  return (
    <Box flexDirection="column">
      <Header
        title={practice ? (walk ? `Walkthrough: ${walk.runbook.title}` : 'Walkthrough') : (facts?.title ?? null)}
        severity={practice ? null : (facts?.severity ?? null)}
        phase={snapshot.context.phase}
        since={practice ? null : facts ? (facts.startedAt ?? facts.declaredAt) : null}
        resolvedAt={facts?.resolvedAt ?? null}
        updateDue={
          !practice && facts && snapshot.status !== 'done' ? (updateDueAt(facts, facts.updates, session.cadence)?.getTime() ?? null) : null
        }
        now={now}
        practice={practice}
        drill={drill !== null}
      />
      {site ? (
        <ToneText tone={site.tone} wrap="truncate-end">
          {site.text}
        </ToneText>
      ) : null}
      {openWalk ? (
        <Box marginBottom={1}>
          <Text color="green" wrap="truncate-end">{`Runbook "${openWalk}" is open: r (or Ctrl-R while typing) continues it`}</Text>
        </Box>
      ) : null}
      {hint ? (
        <Box marginBottom={1}>
          <Text color="green" wrap="truncate-end">
            {`Runbooks that match (r, or Ctrl-R while typing): ${hint.map((r) => r.title).join(' · ')}`}
          </Text>
        </Box>
      ) : null}
      {overlay === 'note' ? (
        <NoteScreen
          session={session}
          now={now}
          onQuit={onQuit}
          onDone={(s) => {
            back();
            if (s) setStatus(s);
          }}
        />
      ) : null}
      {overlay === 'update' && update ? (
        <UpdateScreen
          copy={copyUpdate}
          channel={session.updateChannel}
          kind={update.kind}
          text={update.text}
          onQuit={onQuit}
          onClose={back}
          onPosted={() => {
            // What is recorded is exactly the text that was shown (and copied).
            const outcome = session.submit({ type: 'update.posted', kind: update.kind, text: update.text });
            const recorded = session.updateChannel
              ? `✓ status update recorded; sending it to ${session.updateChannel}…`
              : '✓ status update recorded';
            setStatus(outcome.ok ? { text: recorded, tone: 'good' } : { text: outcome.error, tone: 'error' });
            back();
          }}
        />
      ) : null}
      {overlay === 'timeline' ? (
        // Header, title and footer take ~8 rows; the live frame must stay shorter than the terminal.
        <TimelineScreen entries={session.entries} height={rows - 9} onClose={back} onQuit={onQuit} />
      ) : null}
      {overlay === 'help' ? (
        <HelpScreen
          kind={prompt.kind === 'text' || prompt.kind === 'choice' || prompt.kind === 'checklist' ? prompt.kind : null}
          logPath={session.logPath}
          onClose={back}
          onQuit={onQuit}
        />
      ) : null}
      {overlay === 'runbooks' ? (
        <RunbookPicker
          entries={pickerEntries()}
          problems={catalog?.problems ?? []}
          height={rows - 12}
          onQuit={onQuit}
          onClose={() => setOverlay(null)}
          onPick={(runbook) => {
            const outcome = session.startWalk(runbook);
            if (!outcome.ok) {
              setStatus({ text: outcome.error, tone: 'error' });
              return setOverlay(null);
            }
            setStatus(null);
            setOverlay('walk');
          }}
        />
      ) : null}
      {overlay === 'roles' ? (
        <PromptScreen
          source={rolesSource}
          session={session}
          now={now}
          status={status}
          onStatus={setStatus}
          onGlobal={onGlobal}
          onEscape={() => (rolesStage.kind === 'list' ? back() : setRolesStage({ kind: 'list' }))}
          escapeLabel={rolesStage.kind === 'list' ? 'back to the incident' : 'back to the roles'}
          hiddenKeys={['roles']}
          reservedRows={site ? 1 : 0}
          onSent={onRolesSent}
        />
      ) : null}
      {overlay === 'end-drill' ? (
        <PromptScreen
          source={endDrillSource}
          session={session}
          now={now}
          status={status}
          onStatus={setStatus}
          onGlobal={(a) => (a === 'quit' ? undefined : onGlobal(a))}
          onEscape={back}
          escapeLabel="back to the drill"
          hiddenKeys={['quit']}
          reservedRows={site ? 1 : 0}
          onSent={(a) => (a.type === 'screen' && a.to === END_DRILL ? leave() : back())}
        />
      ) : null}
      {overlay === null || showingWalk ? (
        <PromptScreen
          source={showingWalk ? walkSource : incidentSource}
          session={session}
          now={now}
          status={status}
          onStatus={setStatus}
          onGlobal={onGlobal}
          onEscape={showingWalk && !practice ? () => setOverlay(null) : undefined}
          hiddenKeys={practice ? ['runbooks'] : []}
          reservedRows={(hint ? 2 : 0) + (openWalk ? 2 : 0) + (site ? 1 : 0)}
          onSent={showingWalk ? undefined : onIncidentSent}
          onClosed={
            showingWalk
              ? () => {
                  if (practice) return onQuit();
                  session.dismissWalk();
                  setOverlay(null);
                }
              : drill
                ? leave
                : undefined
          }
          closedLabel={(showingWalk && practice) || (!showingWalk && drill) ? 'leave' : 'close'}
        />
      ) : null}
    </Box>
  );
}


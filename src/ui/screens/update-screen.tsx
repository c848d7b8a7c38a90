import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { UpdateKind } from '../../domain/status-update.js';
import { useScreenKeys } from '../input-router.js';
import { ChoiceList } from '../components/choice-list.js';
import { Footer } from '../components/footer.js';

interface Props {
  kind: UpdateKind;
  text: string;
  /** Where "Posted it" also sends it (a webhook's host); null: nowhere. */
  channel: string | null;
  copy: (text: string) => Promise<string | null>;
  onPosted: () => void;
  onClose: () => void;
  onQuit: () => void;
}

/** The next status update, drafted from the timeline: copy it to the channel, then record it. */
export function UpdateScreen({ kind, text, channel, copy, onPosted, onClose, onQuit }: Props) {
  const [selected, setSelected] = useState(0);
  const [copied, setCopied] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void copy(text).then((tool) => live && setCopied(tool));
    return () => {
      live = false;
    };
  }, [copy, text]);
  const choices = [
    {
      value: 'posted',
      label: channel ? `Post it — send it to ${channel} and record it in the timeline` : 'Posted it — record it in the timeline',
    },
    { value: 'back', label: 'Not now' },
  ];
  const choose = (i: number) => (choices[i]?.value === 'posted' ? onPosted() : onClose());
  useScreenKeys((input, key) => {
    if (key.ctrl && input === 'c') return onQuit();
    if (key.escape) return onClose();
    if (key.upArrow || key.downArrow) setSelected((s) => (s + 1) % choices.length);
    else if (key.return) choose(selected);
    else if (input === '1' || input === '2') choose(Number(input) - 1);
  });
  return (
    <Box flexDirection="column">
      <Text bold>{`Status update — ${kind}`}</Text>
      <Text dimColor>
        {copied === undefined
          ? 'Copying to the clipboard…'
          : copied
            ? `Copied to the clipboard (${copied}): paste it into your status page or incident channel.`
            : 'No clipboard here: copy it from the box into your status page or incident channel.'}
      </Text>
      <Box marginY={1} borderStyle="round" paddingX={1}>
        <Text wrap="wrap">{text}</Text>
      </Box>
      <ChoiceList choices={choices} selected={selected} />
      <Footer
        screenKeys={[
          { keys: '↑ ↓ 1 2', description: 'choose' },
          { keys: 'Esc', description: 'back' },
        ]}
        typing={false}
        globals={false}
        status={null}
      />
    </Box>
  );
}

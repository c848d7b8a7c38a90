import { describe, expect, it } from 'vitest';
import { markdownToText } from '../../src/domain/markdown-text.js';

describe('markdownToText', () => {
  it.each([
    ['A hotfix is for when you **cannot** roll back.', 'A hotfix is for when you CANNOT roll back.'],
    ['Restart __one__ instance first.', 'Restart ONE instance first.'],
    ['an *important* note', 'an important note'],
    ['2 * 3 * 4 stays', '2 * 3 * 4 stays'],
    ['- first\n- second', '• first\n• second'],
    ['See [the dashboard](https://grafana.example/d/1).', 'See the dashboard (https://grafana.example/d/1).'],
    ['## Heading\n\n\n\nText', 'Heading\n\nText'],
    ['1. one\n2. two', '1. one\n2. two'],
    ['`kubectl get pods` loses its backticks', 'kubectl get pods loses its backticks'],
  ])('%j', (input, expected) => {
    expect(markdownToText(input)).toBe(expected);
  });
});

// Ink reads CI when it is imported and then draws nothing until exit: a person
// at a terminal must see the screen. And its layout engine touches the global
// `fetch`, whose first touch loads undici (~30 ms) for nothing a terminal needs.
// Every command that draws a screen loads Ink through here.
export async function loadInk<T>(load: () => Promise<T>): Promise<T> {
  const ci = process.env.CI;
  const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  delete process.env.CI;
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    if (ci !== undefined) process.env.CI = ci;
    if (fetchDescriptor) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
  }
}

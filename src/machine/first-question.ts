// The question that declares an incident. Its words live here so the screen
// painted before Ink has loaded (commands/first-paint.ts) says exactly what
// the prompt says.
export const FIRST_QUESTION = {
  question: 'What is broken?',
  help: 'One line that says what users see, e.g. "Checkout returns 500 for all users". This declares the incident.',
  placeholder: 'e.g. API returns 500 on /checkout',
} as const;

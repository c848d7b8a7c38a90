// A stand-in for $EDITOR in tests: `node fake-editor.mjs MODE [ARGS…] FILE`.
// It reports what it was given (its argv, the file's text, the file's and the
// folder's modes, taken while it runs) to $FAKE_EDITOR_REPORT, then acts:
//   append      adds a line (with trailing spaces and a secret) and exits 0
//   write       replaces the text with the contents of $FAKE_EDITOR_TEXT and exits 0
//   read-line   shows a marker, waits $FAKE_EDITOR_WAIT_MS (an editor starting up: keys typed meanwhile
//               wait in the terminal), reads one line typed at the terminal, appends it, exits 0
//   fail        exits 3 without saving
//   save-fail   saves a changed text, then exits 3
//   empty-fail  saves nothing at all (an empty file), then exits 3
//   delete      deletes the file and exits 0
//   signal      kills itself with SIGTERM
//   same        changes nothing and exits 0 after $FAKE_EDITOR_WAIT_MS (default at once)
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const mode = args[0];
const file = args.at(-1);
const mode8 = (p) => fs.statSync(p).mode & 0o777;
if (process.env.FAKE_EDITOR_REPORT) {
  const report = { args, text: fs.readFileSync(file, 'utf8'), fileMode: mode8(file), dirMode: mode8(path.dirname(file)), file };
  fs.writeFileSync(process.env.FAKE_EDITOR_REPORT, JSON.stringify(report));
}

switch (mode) {
  case 'append':
    fs.appendFileSync(file, 'line from the editor   \napi_key=sk_live_abcdefghijklmnop\n\n\n');
    break;
  case 'write':
    fs.writeFileSync(file, fs.readFileSync(process.env.FAKE_EDITOR_TEXT, 'utf8'));
    break;
  case 'read-line': {
    process.stdout.write('FAKE EDITOR: type a line and press Enter\n');
    await new Promise((r) => setTimeout(r, Number(process.env.FAKE_EDITOR_WAIT_MS ?? 0)));
    const line = await new Promise((resolve) => {
      let got = '';
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', (chunk) => {
        got += chunk;
        if (got.includes('\n')) resolve(got.slice(0, got.indexOf('\n')));
      });
    });
    fs.appendFileSync(file, `${line}\n`);
    process.exit(0);
    break;
  }
  case 'fail':
    process.exit(3);
    break;
  case 'save-fail':
    fs.appendFileSync(file, 'saved before failing\n');
    process.exit(3);
    break;
  case 'empty-fail':
    fs.writeFileSync(file, '');
    process.exit(3);
    break;
  case 'delete':
    fs.unlinkSync(file);
    break;
  case 'signal':
    process.kill(process.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 5000));
    break;
  case 'same':
    await new Promise((r) => setTimeout(r, Number(process.env.FAKE_EDITOR_WAIT_MS ?? 0)));
    break;
  default:
    process.stderr.write(`fake-editor: unknown mode ${mode}\n`);
    process.exit(64);
}

import { runVouch } from './run-vouch';

/**
 * `npm run vouch -- <command>`: the command line on this process's environment and streams.
 * Progress lines are drawn only on a terminal, on stderr, so a script reading stdout sees
 * the answer alone.
 */
const progress = process.stderr.isTTY ? (text: string) => process.stderr.write(`\r\x1b[2K${text}`) : undefined;
let drewProgress = false;

process.exitCode = await runVouch(process.argv.slice(2), {
  env: process.env,
  out: (line) => {
    if (drewProgress) process.stderr.write('\r\x1b[2K');
    drewProgress = false;
    console.log(line);
  },
  err: (line) => {
    if (drewProgress) process.stderr.write('\r\x1b[2K');
    drewProgress = false;
    console.error(line);
  },
  progress: progress && ((text) => {
    drewProgress = true;
    progress(text);
  }),
});

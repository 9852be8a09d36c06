import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads a secret from standard input: typed at a terminal without echo, or the first line of a
 * pipe (`pass show feedloop | feedloop login`). Never from the command line, which `ps` shows.
 */
export async function readSecret(prompt: string): Promise<string> {
  const secret = process.stdin.isTTY ? await fromTerminal(prompt) : await fromPipe();
  return secret.trim();
}

function fromTerminal(prompt: string): Promise<string> {
  // readline echoes what is typed to its output: an output that drops everything hides it.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    // Settle before close(): closing emits 'close' at once.
    rl.once('line', (line) => {
      resolve(line);
      process.stderr.write('\n');
      rl.close();
    });
    rl.once('SIGINT', () => {
      reject(new Error('cancelled'));
      process.stderr.write('\n');
      rl.close();
    });
    // End of input (Ctrl-D) before a line: nothing was given. After a line, resolve is a no-op.
    rl.once('close', () => resolve(''));
  });
}

async function fromPipe(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0] ?? '';
}

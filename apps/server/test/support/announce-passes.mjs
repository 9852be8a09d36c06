// Preloaded into a service process by a test (NODE_OPTIONS=--import): writes a line to stderr
// as each aggregator pass is sent to PGlite and another once it has returned, so that the test
// can kill the process in the middle of one. PGlite runs a statement on the process's only
// thread: nothing else shows it from outside.
import { writeSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const query = PGlite.prototype.query;
let passes = 0;
PGlite.prototype.query = function (text, ...rest) {
  if (typeof text !== 'string' || !text.includes('feedloop_aggregate(')) return query.call(this, text, ...rest);
  const pass = ++passes;
  writeSync(2, `feedloop-test: pass ${pass} begins\n`);
  const result = query.call(this, text, ...rest);
  void result.then(() => writeSync(2, `feedloop-test: pass ${pass} ends\n`), () => {});
  return result;
};

// The Node entry's request log. The first line of an event-loop turn is written at once (so at rest a
// request's line is out before its response, as with console.log); the lines of the other requests
// answered in the same turn go out together when it ends. Under load a turn answers many requests,
// and a write per line (a system call each) cost more than the lines themselves.
export function batchedLog(write: (chunk: string) => void = (chunk) => void process.stdout.write(chunk)) {
  let pending = '';
  let turnOpen = false;
  const flush = () => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    write(chunk);
  };
  const endTurn = () => {
    turnOpen = false;
    flush();
  };
  process.on('exit', flush);
  const log = (line: string) => {
    if (!turnOpen) {
      turnOpen = true;
      setImmediate(endTurn);
      write(`${line}\n`);
      return;
    }
    pending += `${line}\n`;
    if (pending.length > 64 * 1024) flush();
  };
  return { log, flush };
}

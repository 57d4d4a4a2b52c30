const lines: string[] = JSON.parse(await Bun.file("/tmp/chatmb-lines.json").text());
function tag(line: string, name: string, end: number): string | null {
  const key = `;${name}=`;
  let i = line.indexOf(key);
  if (i === -1 || i > end) {
    if (line.startsWith(`@${name}=`)) i = 0; else return null;
  }
  const from = i + key.length;
  const semi = line.indexOf(";", from);
  const stop = semi === -1 || semi > end ? end : semi;
  return line.slice(from, stop);
}
function extract(line: string) {
  const tagsEnd = line.charCodeAt(0) === 64 ? line.indexOf(" ") : 0;
  let p = tagsEnd === 0 ? 0 : tagsEnd + 1;
  let prefix = "";
  if (line.charCodeAt(p) === 58) { const sp = line.indexOf(" ", p); prefix = line.slice(p + 1, sp); p = sp + 1; }
  const sp2 = line.indexOf(" ", p);
  const command = line.slice(p, sp2);
  const sp3 = line.indexOf(" ", sp2 + 1);
  const channel = line.slice(sp2 + 1, sp3 === -1 ? undefined : sp3);
  const text = sp3 === -1 ? "" : line.slice(line.charCodeAt(sp3 + 1) === 58 ? sp3 + 2 : sp3 + 1);
  return {
    command, channel, text,
    id: tag(line, "id", tagsEnd), ts: tag(line, "tmi-sent-ts", tagsEnd), user: tag(line, "user-id", tagsEnd),
    name: tag(line, "display-name", tagsEnd), login: prefix.slice(0, prefix.indexOf("!")),
  };
}
for (let r = 0; r < 4; r++) {
  const t = performance.now();
  let n = 0;
  for (const l of lines) if (extract(l).command) n++;
  console.log(`extract ${(((performance.now() - t) * 1000) / lines.length).toFixed(2)} µs/line`, n);
}

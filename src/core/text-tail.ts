// The end of a long text (a traceback, a process's stderr): where the cause is.

const TAIL = 4000;

export function tail(text: string, max = TAIL): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}

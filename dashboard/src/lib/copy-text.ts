// Copying to the clipboard. The async Clipboard API exists only in a secure context (HTTPS or localhost),
// and a self-hosted server is often reached over plain HTTP on the LAN, where `navigator.clipboard` is
// undefined: there the old select-and-copy command still works.

/** What copying needs from the browser; passed in so the choice of method is tested without one. */
export interface CopyEnvironment {
  /** `navigator.clipboard`: absent outside a secure context. */
  clipboard: { writeText(text: string): Promise<void> } | undefined;
  secure: boolean;
  /** Selects the text in a hidden field and runs the copy command; true when the browser says it copied. */
  copyBySelection(text: string): boolean;
}

/** Copies `text`: the Clipboard API where allowed, else (or when it refuses) the copy command. */
export async function copyText(text: string, env: CopyEnvironment = browserEnvironment()): Promise<boolean> {
  if (env.clipboard && env.secure) {
    try {
      await env.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the copy command.
    }
  }
  try {
    return env.copyBySelection(text);
  } catch {
    return false;
  }
}

function browserEnvironment(): CopyEnvironment {
  return { clipboard: navigator.clipboard, secure: window.isSecureContext, copyBySelection };
}

function copyBySelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } finally {
    area.remove();
  }
}

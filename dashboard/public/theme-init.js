// Runs before first paint (a blocking script in <head>), so a dark-theme user never sees a white flash.
// A file rather than an inline script, so the Content-Security-Policy can forbid inline scripts. The key is
// shared with src/lib/theme.ts.
(() => {
  let dark = matchMedia("(prefers-color-scheme: dark)").matches;
  try {
    const saved = localStorage.getItem("replayd:theme");
    if (saved) dark = saved === "dark";
  } catch {}
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
})();

// Stops `npm install` and `npm start` at once on a Node.js too old to run Shuxiang, saying what is
// needed and how to get it (on Node 20 the app itself would fail later with an obscure
// ERR_UNKNOWN_FILE_EXTENSION ".ts"). CommonJS and plain syntax on purpose: it must run on old Node.
"use strict";

const NEEDED = [22, 18];

/** The message for a Node version too old to run the app, or null when it will do. */
function tooOld(version) {
  const [major, minor] = String(version).replace(/^v/, "").split(".").map(Number);
  if (major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1])) return null;
  return [
    `书香需要 Node.js ${NEEDED.join(".")} 或更新的版本，这台电脑上是 ${version}。`,
    `Shuxiang needs Node.js ${NEEDED.join(".")} or newer; this machine runs ${version}.`,
    "",
    "Get Node.js 22 LTS (or newer) from https://nodejs.org/, or with a version manager:",
    "  nvm install 22 && nvm use 22        (https://github.com/nvm-sh/nvm)",
    "  fnm install 22 && fnm use 22        (https://github.com/Schniz/fnm)",
    "then run the command again.",
  ].join("\n");
}

module.exports = { tooOld, NEEDED };

if (require.main === module) {
  const message = tooOld(process.versions.node);
  if (message) {
    console.error(message);
    process.exit(1);
  }
}

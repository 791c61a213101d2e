// Link the package's own `hegui` bin into node_modules/.bin so `npx hegui` and
// tools that look there find it after `npm ci` (npm links only dependencies' bins).
import { existsSync, mkdirSync, symlinkSync, unlinkSync, lstatSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(root, "node_modules", ".bin");
if (!existsSync(join(root, "node_modules"))) process.exit(0);
mkdirSync(binDir, { recursive: true });
const link = join(binDir, "hegui");
try {
  if (lstatSync(link)) unlinkSync(link);
} catch {}
symlinkSync(relative(binDir, join(root, "bin", "hegui.js")), link);

/** Commands that live in other modules register themselves when imported here. */
import "./cmd-queue.js";
import "./cmd-account.js";
import "./cmd-rescan.js";
import "./cmd-serve.js";
import "./cmd-fix.js";
import "./cmd-review.js";

/* The templates page's script, inlined in its head (no request, no module loading): the
 * message composer. */
import { startComposer } from "../composer-page.js";

startComposer();

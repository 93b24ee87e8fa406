/* The call page's script, inlined in its head (no request, no module loading): when to phone,
 * and the script one step at a time. */
import { startCallPage } from "../call-page.js";

startCallPage();

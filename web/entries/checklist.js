/* The checklist page's script, inlined in its head (no request, no module loading). */
import { startChecklist } from "../checklist-page.js";

startChecklist();

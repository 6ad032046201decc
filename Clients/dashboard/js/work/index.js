// What each role does on the page besides the board, one module per role, over the page's one connection.

import { AnimatorWork } from "./animator.js";
import { CompanyWork } from "./company.js";
import { CoordinatorWork } from "./coordinator.js";
import { PupilWork } from "./pupil.js";
import { SchoolWork } from "./school.js";

export { ApplyDialog } from "./apply.js";
export { Calls } from "./panel.js";

/** The panel of the signed-in role, or null for a role without one. */
export function workFor(role, options) {
  const Panel = {
    pupil: PupilWork,
    school: SchoolWork,
    company: CompanyWork,
    animator: AnimatorWork,
    coordinator: CoordinatorWork,
  }[role];
  return Panel ? new Panel(options) : null;
}

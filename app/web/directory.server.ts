// The staff directory's filters, read alike by the page and its CSV: a branch outside a
// coordinator's own is refused beside the filter (400), not silently widened or emptied.
import { parseFilters } from "#app/lib/input.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { directoryFilters } from "#app/modules/volunteers/schemas.ts";
import type { DirectoryFilter } from "#app/modules/volunteers/directory.server.ts";

export function readDirectoryFilters(request: Request, user: StaffUser) {
  const { filters: f, errors } = parseFilters(request.url, directoryFilters);
  if (f.branch && !can(user, "volunteer.view", f.branch)) {
    errors.branch = "validation.choice";
    delete f.branch;
  }
  const filter: DirectoryFilter = { q: f.q, branch: f.branch, roleId: f.role, trainingId: f.training, status: f.status, served: f.served };
  return { f, filter, errors };
}

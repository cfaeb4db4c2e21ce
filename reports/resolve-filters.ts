// Checks --project and --model against the database: a unique prefix or part of a project name picks it,
// an ambiguous one lists the candidates, and a filter that matches nothing says which values exist.
import type { Db } from '../schema/open-db.js';
import { ParamError } from './params.js';
import { modelFamily } from './pricing.js';
import type { ReportParams } from './report.js';
import { asTarget, type QueryTarget } from './run-report.js';

const LISTED = 12;
const listOf = (values: string[]) =>
  values.length > LISTED ? `${values.slice(0, LISTED).join(', ')} and ${values.length - LISTED} more` : values.join(', ');

/** True when `model` is picked by --model `wanted`: the id, its family, or a word of it (opus, sonnet). */
export function modelMatches(model: string, wanted: string): boolean {
  if (model === wanted || modelFamily(model) === modelFamily(wanted)) return true;
  return `-${model.toLowerCase()}-`.includes(`-${wanted.toLowerCase()}-`);
}

/** The projects a --project value names: exact, else by unique prefix, else by part of the name. */
export function projectCandidates(names: string[], wanted: string): string[] {
  if (names.includes(wanted)) return [wanted];
  const w = wanted.toLowerCase();
  const prefix = names.filter((n) => n.toLowerCase().startsWith(w));
  if (prefix.length) return prefix;
  return names.filter((n) => n.toLowerCase().includes(w));
}

/** The filters as given, with a project named by part of its name resolved; the database may be either backend. */
export async function resolveFilters(db: Db | QueryTarget, p: ReportParams): Promise<ReportParams> {
  const q = asTarget(db);
  let project = p.project;
  if (project !== null && !project.includes('/') && !project.includes('\\')) {
    const names = (
      (await q.all('SELECT DISTINCT project_name AS n FROM sessions WHERE project_name IS NOT NULL ORDER BY 1', {})) as {
        n: string;
      }[]
    ).map((r) => r.n);
    const found = projectCandidates(names, project);
    if (names.length && found.length === 0)
      throw new ParamError(`--project "${project}" matches no project; the projects are: ${listOf(names)}`);
    if (found.length > 1)
      throw new ParamError(`--project "${project}" matches ${found.length} projects: ${listOf(found)}; give more of the name`);
    if (found.length === 1) project = found[0]!;
  }
  if (p.model !== null) {
    const models = (
      (await q.all('SELECT DISTINCT model AS m FROM messages WHERE model IS NOT NULL ORDER BY 1', {})) as { m: string }[]
    ).map((r) => r.m);
    if (models.length && !models.some((m) => modelMatches(m, p.model!)))
      throw new ParamError(`--model "${p.model}" matches no model; the models are: ${listOf(models)}`);
  }
  return { ...p, project };
}

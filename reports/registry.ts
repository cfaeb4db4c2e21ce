// Every report agentlog knows; adding one adds a module and a line here.
import { activity } from './defs/activity.js';
import { compactions } from './defs/compactions.js';
import { dailySpend } from './defs/daily-spend.js';
import { errors } from './defs/errors.js';
import { failuresByDay } from './defs/failures-by-day.js';
import { hotFiles } from './defs/hot-files.js';
import { projects } from './defs/projects.js';
import type { Report } from './report.js';
import { sessions } from './defs/sessions.js';
import { slowTools } from './defs/slow-tools.js';
import { toolErrors } from './defs/tool-errors.js';
import { usage } from './defs/usage.js';

export const reports: readonly Report[] = [
  toolErrors,
  hotFiles,
  sessions,
  compactions,
  errors,
  usage,
  slowTools,
  projects,
  dailySpend,
  failuresByDay,
  activity,
];

export const reportNamed = (name: string): Report | undefined => reports.find((r) => r.name === name);

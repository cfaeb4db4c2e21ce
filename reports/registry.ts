// Every report agentlog knows; adding one adds a module and a line here.
import { activity } from './activity.js';
import { compactions } from './compactions.js';
import { dailySpend } from './daily-spend.js';
import { errors } from './errors.js';
import { failuresByDay } from './failures-by-day.js';
import { hotFiles } from './hot-files.js';
import { projects } from './projects.js';
import type { Report } from './report.js';
import { sessions } from './sessions.js';
import { slowTools } from './slow-tools.js';
import { toolErrors } from './tool-errors.js';
import { usage } from './usage.js';

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

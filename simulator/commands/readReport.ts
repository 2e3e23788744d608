/**
 * Reading a `mci-sim load --out` report back from disk (`load merge`, `load report`), checked
 * enough that a wrong or truncated file is named with what to do instead of failing later.
 */
import { readFileSync } from 'fs';
import { REPORT_FORMAT, REPORT_VERSION, type LoadReport } from '../load/report';

/** Read and check one report file; errors start with `command` and name the file and what to do. */
export function readReport(file: string, command = 'load merge'): LoadReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${command}: cannot read ${file} (${(error as Error).message}); give a report written by mci-sim load --out.`
    );
  }
  const report = parsed as Partial<LoadReport> | null;
  if (report === null || typeof report !== 'object' || report.format !== REPORT_FORMAT) {
    throw new Error(
      `${command}: ${file} is not an mci-sim load report (no "format": "${REPORT_FORMAT}"); give a file written by mci-sim load --out.`
    );
  }
  if (report.version !== REPORT_VERSION) {
    throw new Error(
      `${command}: ${file} is report version ${String(report.version)}, this tool reads ${REPORT_VERSION}; re-run it with this version of mci-sim.`
    );
  }
  if (
    typeof report.totals !== 'object' ||
    typeof report.histograms !== 'object' ||
    typeof report.channels !== 'object'
  ) {
    throw new Error(
      `${command}: ${file} lacks totals, histograms or channels; it was cut short or edited, re-run the load.`
    );
  }
  return report as LoadReport;
}

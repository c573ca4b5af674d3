/**
 * `import.dmarc-report-auth`: the id of a live DMARC report authorization record
 * (`<domain>._report._dmarc.<report domain>` TXT `v=DMARC1`, RFC 7489 section 7.1), written
 * under the domain whose reports go to the other domain. The record exists in the plan only
 * when the report domain's zone is managed in the same environment, so the entry is checked
 * here, per environment, rather than with the domain's other `import` entries (safety.ts,
 * which sees one domain at a time and passes this id through unchecked).
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-7.1
 */
import { errorAt, joinPath } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedEnvironment } from '../config/model';
import * as say from '../messages/config';
import { providerSupport } from '../providers/supports';
import { REPORT_AUTH_ROLE, externalReportDomains, planReportAuthorization } from '../records/report-auth';

/**
 * Every `import.dmarc-report-auth` entry held to the record its environment plans: an error
 * when it plans none for the domain, or when the id is not the provider's import id of that
 * record (in the report domain's zone).
 */
export function reportAuthImportIssues(environments: readonly ResolvedEnvironment[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const environment of environments) {
    for (const domain of environment.domains) {
      const id = domain.imports?.[REPORT_AUTH_ROLE];
      if (id === undefined) continue;
      const path = joinPath(joinPath(domain.path, 'import'), REPORT_AUTH_ROLE);
      const record = planReportAuthorization(domain, environment);
      if (!record) {
        const unmanaged = externalReportDomains(domain, environment).map((r) => r.reportDomain);
        issues.push(errorAt(path, say.nothingToImportReportAuth(domain.name, environment.name, unmanaged)));
        continue;
      }
      const problem = providerSupport(environment.dns.provider).importIdProblem(id, record);
      if (problem) issues.push(errorAt(path, problem));
    }
  }
  return issues;
}

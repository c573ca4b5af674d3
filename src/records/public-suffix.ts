/**
 * Organizational Domains from the Public Suffix List: the functions live with the config,
 * which validates report addresses with them (src/config/public-suffix.ts); they are handed
 * on here for the plan's readers (DMARC report authorization, `verify`).
 */
export { organizationalDomain, sameOrganization } from '../config/public-suffix';

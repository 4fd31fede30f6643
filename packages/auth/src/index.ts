/** @vo/auth: credentials, cookies and security methods for protected VO services (pyVO's `pyvo.auth`). */
export { auth } from "./plugin.js";
export { AuthSession } from "./auth-session.js";
export type { AuthSessionOptions, InterfaceChoice } from "./auth-session.js";
export { AuthURLs } from "./auth-urls.js";
export { CredentialStore } from "./credential-store.js";
export type { Candidate, CustomSecurityMethod } from "./credential-store.js";
export { CookieJar, parseSetCookie } from "./cookie-jar.js";
export type { Cookie, CookieJarJSON, SetCookieOptions } from "./cookie-jar.js";
export { SecurityMethod } from "./security-method.js";
export type { SecurityMethodId } from "./security-method.js";
export { inScope, parseScope } from "./scope.js";
export type { Scope } from "./scope.js";
export { VERSION } from "./version.js";

/**
 * The IVOA security method identifiers (the `standardID` of a VOResource `securityMethod`; SSO 2.0), under
 * pyVO's names. The empty string is anonymous access, as in a `securityMethod` element without a standardID.
 */
export const SecurityMethod = Object.freeze({
  /** No credentials. */
  ANONYMOUS: "",
  /** HTTP Basic authentication with a user name and password. */
  BASIC: "ivo://ivoa.net/sso#BasicAA",
  /** TLS with a client certificate. */
  CLIENT_CERTIFICATE: "ivo://ivoa.net/sso#tls-with-certificate",
  /** A session cookie. */
  COOKIE: "ivo://ivoa.net/sso#cookie",
  /** A bearer token in the Authorization header (RFC 6750). */
  TOKEN: "ivo://ivoa.net/sso#token",
} as const);

/** One of {@link SecurityMethod}'s identifiers, or the standardID of a custom method. */
export type SecurityMethodId = (typeof SecurityMethod)[keyof typeof SecurityMethod] | (string & {});

/** Built-in methods from most to least preferred when several credentials fit one URL. */
export const METHOD_PREFERENCE: readonly string[] = [SecurityMethod.CLIENT_CERTIFICATE, SecurityMethod.TOKEN, SecurityMethod.BASIC, SecurityMethod.COOKIE];

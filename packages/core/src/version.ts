/**
 * The version of `@vo/core`, checked against every plugin's `core` range.
 * Keep it equal to package.json's `version` (a unit test asserts it).
 */
export const VERSION = "0.1.0";

/**
 * EPN-TAP hash lists: a multi-valued text column holds its values joined by
 * `#` (`Visible and Infrared Thermal Imaging Spectrometer#VIRTIS`). Read them
 * with {@link splitHashlist}; query them with {@link hashlistHas}, the
 * `ivo_hashlist_has` ADQL function EPN-TAP services provide.
 */
import { ParameterError } from "@vo/core";
import { ident, rawAdql, stringLiteral } from "@vo/protocol-tap";
import type { AdqlFragment } from "@vo/protocol-tap";

/**
 * The values of a hash-list cell: split on `#`, each trimmed, empty ones
 * dropped. A null or absent cell gives `[]`; a single value gives `[value]`.
 * @example splitHashlist("Visible and Infrared Thermal Imaging Spectrometer#VIRTIS") // ["Visible and …", "VIRTIS"]
 */
export function splitHashlist(value: string | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return value.split("#").map((v) => v.trim()).filter((v) => v !== "");
}

/**
 * `1 = ivo_hashlist_has(column, 'value')`: true for rows whose hash list in
 * `column` has `value` as one of its elements (services compare without
 * regard to case). The column is quoted when it needs it, the value is an
 * escaped ADQL string literal.
 *
 * @throws ParameterError when `value` is empty or contains `#` (an element cannot), or the column name is empty.
 * @example service.runSync(adql`SELECT * FROM vo_epntap.epn_core WHERE ${hashlistHas("instrument_name", "VIRTIS")}`)
 */
export function hashlistHas(column: string, value: string): AdqlFragment {
  if (typeof column !== "string" || column.trim() === "") throw new ParameterError("hashlistHas column", "a column name", column);
  if (typeof value !== "string" || value.trim() === "" || value.includes("#")) {
    throw new ParameterError("hashlistHas value", "one non-empty hash-list element (without '#')", value);
  }
  return rawAdql(`1 = ivo_hashlist_has(${ident(column).text}, ${stringLiteral(value.trim())})`);
}

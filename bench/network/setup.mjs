// The tasks' shared facts (both sides read them: tasks.py gets them as JSON from `node setup.mjs`).
export const BASE = process.env.VO_DACHS_URL ?? "http://localhost:8080";
export const SMALL_QUERY = "SELECT TOP 10 source_id, ra, dec, vmag FROM vo_sample.cat";
// 200 000 rows from the 2000-row sample catalogue joined with itself (no bed needed).
export const BIG_QUERY = "SELECT TOP 200000 a.source_id, a.ra, a.dec, b.vmag FROM vo_sample.cat AS a, vo_sample.cat AS b";
export const UPLOAD_QUERY =
  "SELECT u.label, c.source_id, c.vmag FROM TAP_UPLOAD.pos AS u JOIN vo_sample.cat AS c ON 1 = CONTAINS(POINT('ICRS', c.ra, c.dec), CIRCLE('ICRS', u.ra, u.dec, 0.05))";
export const UPLOAD_ROWS = [["m31", 10.6847, 41.269], ["orion", 83.8221, -5.3911], ["equator", 180.0, 0.0]];
export const DATALINK_QUERY = "SELECT pub_did, centerAlpha, centerDelta FROM vo_dlsoda_img.images";
// 50 cone centres spread over the three sample fields.
export const CONES = Array.from({ length: 50 }, (_, i) => {
  const [ra, dec] = UPLOAD_ROWS[i % 3].slice(1);
  return [ra + ((i % 7) - 3) * 0.02, dec + ((i % 5) - 2) * 0.02];
});
if (process.argv[1]?.endsWith("setup.mjs")) {
  console.log(JSON.stringify({ BASE, SMALL_QUERY, BIG_QUERY, UPLOAD_QUERY, UPLOAD_ROWS, DATALINK_QUERY, CONES }));
}

/**
 * The value lists ObsCore defines and SIA 2 queries use (ObsCore 1.1 §4.1
 * `calib_level`, §4.24 `pol_states`; SIA 2.0 §2.2 CALIB and POL): shared by
 * `@vo/obscore` and `@vo/protocol-sia`, so they live here.
 */

/** The polarization states of ObsCore's `pol_states` and SIA 2's `POL` (pyVO's `POLARIZATION_STATES`). */
export const POLARIZATION_STATES = ["I", "Q", "U", "V", "RR", "LL", "RL", "LR", "XX", "YY", "XY", "YX", "POLI", "POLA"] as const;

/** A polarization state of {@link POLARIZATION_STATES}. */
export type PolarizationState = (typeof POLARIZATION_STATES)[number];

/** The calibration levels of ObsCore's `calib_level` and SIA 2's `CALIB` (pyVO's `CALIBRATION_LEVELS`). */
export const CALIBRATION_LEVELS = [0, 1, 2, 3, 4] as const;

/** A calibration level of {@link CALIBRATION_LEVELS}. */
export type CalibrationLevel = (typeof CALIBRATION_LEVELS)[number];

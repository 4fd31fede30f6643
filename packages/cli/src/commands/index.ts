/** Every command of `vo`, in the order `vo --help` lists them. */
import type { Command } from "../command.js";
import { tapCapabilities, tapQuery, tapTables } from "./tap.js";
import { cone, siaSearch, ssaSearch } from "./dal.js";
import { download, votableConvert } from "./files.js";
import { regSearch } from "./registry.js";
import { datalinkCommand } from "./datalink.js";
import { sampHub, sampSend } from "./samp.js";

/** The commands. */
export const COMMANDS: readonly Command[] = [tapQuery, tapTables, tapCapabilities, cone, siaSearch, ssaSearch, regSearch, datalinkCommand, download, votableConvert, sampSend, sampHub];

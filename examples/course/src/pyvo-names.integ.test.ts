/**
 * pyVO's names, side by side with Debian's python3-pyvo 1.2.1: every public
 * member of pyVO's result, record, service and job classes (read from the
 * installed pyVO with `dir()`) is either the same name in camelCase on the
 * matching `@vo` object, another member of that object (`=name`, checked to
 * exist), or listed with what to use instead (docs/pyvo-to-vo.md has the
 * rows). A name pyVO has and this table does not is a failure, so a new gap
 * cannot go unnoticed. Fails (never skips) when /usr/bin/python3 or pyvo is missing.
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "@vo/core";
import { FieldIndex, Record, ResultSet } from "@vo/core";
import type { Transport } from "@vo/core";
import { parseVOTable } from "@vo/votable";
import * as tapPkg from "@vo/protocol-tap";
import { AsyncJob, parseUWSJob, TAPService, VOSITables } from "@vo/protocol-tap";
import * as scsPkg from "@vo/protocol-scs";
import { SCSRecord, SCSService } from "@vo/protocol-scs";
import * as siaPkg from "@vo/protocol-sia";
import { SIA2Record, SIA2Service, SIARecord, SIAService } from "@vo/protocol-sia";
import * as ssaPkg from "@vo/protocol-ssa";
import { SLARecord, SLAService, SSARecord, SSAService } from "@vo/protocol-ssa";
import * as obscorePkg from "@vo/obscore";
import { ObsCoreRecord } from "@vo/obscore";
import * as datalinkPkg from "@vo/datalink";
import { DatalinkResults, DatalinkService, datalinkRecordFactory } from "@vo/datalink";
import * as registryPkg from "@vo/registry";
import { registry, RegistryResource, RegistryResults, RegTAPService } from "@vo/registry";
import * as sampPkg from "@vo/samp";

/** Every export of the packages compared (not @vo/auth, which this example does not depend on: its names are rows above). */
const EXPORTS: ReadonlySet<string> = new Set(
  [core, tapPkg, scsPkg, siaPkg, ssaPkg, obscorePkg, datalinkPkg, registryPkg, sampPkg].flatMap((m) => Object.keys(m)),
);

const PYTHON = `
import json, pyvo
from pyvo.dal import query, tap, sia, sia2, ssa, sla, scs, adhoc, vosi
from pyvo.registry import regtap
classes = {
  "RegistryResource": regtap.RegistryResource, "RegistryResults": regtap.RegistryResults,
  "DALResults": query.DALResults, "Record": query.Record, "TAPService": tap.TAPService, "AsyncTAPJob": tap.AsyncTAPJob,
  "TAPResults": tap.TAPResults, "TAPRecord": tap.TAPRecord, "SIAService": sia.SIAService, "SIARecord": sia.SIARecord,
  "SIA2Service": sia2.SIAService, "ObsCoreRecord": sia2.ObsCoreRecord, "SSAService": ssa.SSAService, "SSARecord": ssa.SSARecord,
  "SLAService": sla.SLAService, "SLARecord": sla.SLARecord, "SCSService": scs.SCSService, "SCSRecord": scs.SCSRecord,
  "DatalinkResults": adhoc.DatalinkResults, "DatalinkRecord": adhoc.DatalinkRecord, "DatalinkService": adhoc.DatalinkService,
  "VOSITables": vosi.VOSITables,
}
print(json.dumps({"version": pyvo.__version__, "classes": {k: sorted(n for n in dir(c) if not n.startswith("_")) for k, c in classes.items()}}))
`;

const PYTHON_MODULES = `
import json, inspect, pyvo
import pyvo.samp, pyvo.auth, pyvo.registry, pyvo.dal, pyvo.dam.obscore, pyvo.io.uws, pyvo.io.vosi, pyvo.dal.adhoc, pyvo.dal.tap
mods = {"pyvo": pyvo, "pyvo.dal": pyvo.dal, "pyvo.samp": pyvo.samp, "pyvo.auth": pyvo.auth, "pyvo.registry": pyvo.registry,
        "pyvo.dam.obscore": pyvo.dam.obscore, "pyvo.io.uws": pyvo.io.uws, "pyvo.io.vosi": pyvo.io.vosi,
        "pyvo.dal.adhoc": pyvo.dal.adhoc, "pyvo.dal.tap": pyvo.dal.tap}
def public(m):
    names = getattr(m, "__all__", None) or [n for n in dir(m) if not n.startswith("_")]
    return sorted(n for n in names if not inspect.ismodule(getattr(m, n, None)))
print(json.dumps({k: public(m) for k, m in mods.items()}))
`;

/** Module-level names of pyVO that are not exported under the same (or camelCase) name: `=Export` (checked) or where/why. */
const MODULE_ELSEWHERE: { readonly [qualified: string]: string } = {
  "pyvo.test": "not provided: astropy's test runner (the repository's npm test)",
  "pyvo.dal.DALService": "=SimpleDALService",
  "pyvo.dal.DALQuery": "not provided: options objects instead of mutable query objects",
  "pyvo.dal.SIAQuery": "not provided: SIASearchOptions",
  "pyvo.dal.SSAQuery": "not provided: SSASearchOptions",
  "pyvo.dal.SLAQuery": "not provided: SLASearchOptions",
  "pyvo.dal.SCSQuery": "not provided: SCSSearchOptions",
  "pyvo.dal.TAPQuery": "not provided: TAPQueryOptions",
  "pyvo.dal.DALResults": "=ResultSet",
  "pyvo.dal.TAPResults": "=ResultSet",
  "pyvo.dal.AsyncTAPJob": "=AsyncJob",
  "pyvo.samp.find_client_id": "SAMPClient.findClient",
  "pyvo.samp.send_table_to": "=sendTable",
  "pyvo.samp.send_product_to": "=send",
  "pyvo.samp.send_spectrum_to": "=sendSpectrum",
  "pyvo.samp.send_image_to": "=sendImage",
  "pyvo.samp.accessible_table": "sendTable: the client serves the table over HTTP",
  "pyvo.samp.connection": "=withConnection",
  "pyvo.auth.AuthSession": "@vo/auth · AuthSession",
  "pyvo.auth.AuthURLs": "@vo/auth · AuthURLs",
  "pyvo.auth.CredentialStore": "@vo/auth · CredentialStore",
  "pyvo.dam.obscore.ObsCoreMetadata": "=OBSCORE_COLUMNS",
  "pyvo.io.uws.parse_job": "=parseUWSJob",
  "pyvo.io.uws.parse_job_list": "=parseUWSJobList",
  "pyvo.io.uws.JobFile": "type UWSJob (what parseUWSJob returns)",
  "pyvo.io.uws.JobList": "type UWSJobRef[] (what parseUWSJobList returns)",
  "pyvo.io.vosi.parse_tables": "=parseVOSITables",
  "pyvo.dal.adhoc.AdhocServiceResultsMixin": "=serviceDescriptors",
  "pyvo.dal.adhoc.DatalinkResultsMixin": "=iterDatalinks",
  "pyvo.dal.adhoc.DatalinkRecordMixin": "=datalink",
  "pyvo.dal.adhoc.SodaRecordMixin": "=processed",
  "pyvo.dal.adhoc.DatalinkQuery": "=datalinkDescriptor",
  "pyvo.dal.adhoc.SodaQuery": "=sodaRequest",
  "pyvo.dal.tap.search": "=tablesearch",
  "pyvo.dal.tap.escape": "=escapeString",
  "pyvo.dal.tap.TAPQuery": "not provided: TAPQueryOptions",
  "pyvo.dal.tap.TAPResults": "=ResultSet",
  "pyvo.dal.tap.AsyncTAPJob": "=AsyncJob",
};

/**
 * How a pyVO name that is not the same camelCase member is carried over: `=member` or `=path.member` (must
 * exist on the object) or where/why in words.
 */
type Elsewhere = { readonly [pyvoName: string]: string };

const RECORD: Elsewhere = {
  cachedataset: "=download",
  getbyucd: "=getByUcd",
  getbyutype: "=getByUtype",
  getdataformat: "=getDatasetFormat",
  getdataobj: "=getDataObj",
  getdataset: "=getDataset",
  getdataurl: "=getDatasetUrl",
  items: "=toJSON",
  keys: "=fields",
  values: "=cells",
  make_dataset_filename: "core chooseDatasetFilename / numberedFilename (Record.download names the file)",
  suggest_dataset_basename: "=suggestDatasetBasename",
  suggest_extension: "core extensionForMediaType(record.getDatasetFormat()); SIA/SSA records: suggestExtension",
  getdatalink: "datalink · datalink(record)",
  processed: "datalink · processed(record, params)",
  broadcast_samp: "samp · broadcast(record)",
};
const RESULTS: Elsewhere = {
  fielddescs: "=fields",
  fieldnames: "=fieldnames",
  fieldname_with_ucd: "=fieldnameWithUcd",
  fieldname_with_utype: "=fieldnameWithUtype",
  from_result_url: "core · queryResultSet(target, url)",
  getcolumn: "=getColumn",
  getdesc: "=getField",
  getrecord: "=at",
  getvalue: "=getValue",
  queryurl: "=url",
  resultstable: "=table",
  status: "=queryStatus",
  table: "=toTable",
  to_table: "=toTable",
  votable: "=document",
  cursor: "not provided: PEP 249 is Python's; iterate records or columns",
  broadcast_samp: "samp · broadcast(result)",
  infos: "=infos",
  query_status: "=queryStatus",
  iter_datalinks: "datalink · iterDatalinks(result)",
  iter_adhocservices: "datalink · serviceDescriptors(result.document)",
  get_adhocservice_by_id: "datalink · descriptorById(result.document, id)",
  get_adhocservice_by_ivoid: "datalink · descriptorByIvoid(result.document, ivoid)",
};
const SERVICE: Elsewhere = {
  baseurl: "=baseUrl",
  create_query: "not provided: options objects instead of mutable query objects",
  describe: "=describe",
  description: "SimpleDALService.getMetadata() → description",
  columns: "SimpleDALService.getMetadata() → columns",
  params: "SimpleDALService.getMetadata() → inputParams",
  availability: "protocol-tap · parseAvailability of <base>/availability",
  available: "protocol-tap · parseAvailability(…).available",
  up_since: "protocol-tap · parseAvailability(…).upSince",
  capabilities: "core · parseVOSICapabilities of <base>/capabilities (SIA2Service.fromCapabilities reads them)",
};

const noTransport: Transport = { request: () => Promise.reject(new Error("offline")), close: async () => undefined };
const VOT = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="ID" datatype="char" arraysize="*"/><FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="service_def" datatype="char" arraysize="*"/><FIELD name="error_message" datatype="char" arraysize="*"/><FIELD name="semantics" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>ivo://x/y?1</TD><TD>http://x/y.fits</TD><TD/><TD/><TD>#this</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
const JOB = `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobId>j1</uws:jobId><uws:phase>PENDING</uws:phase></uws:job>`;

/** The `@vo` objects, one per pyVO class, with the names carried over differently. */
async function objects(): Promise<{ readonly [pyvoClass: string]: { readonly target: object; readonly elsewhere: Elsewhere } }> {
  const doc = await parseVOTable(VOT);
  const rs = new ResultSet(doc.resultTable()!, doc.meta, "http://x/sync");
  const linksDoc = new ResultSet(doc.resultTable()!, doc.meta, "http://x/links", datalinkRecordFactory);
  const links = new DatalinkResults(linksDoc);
  const index = new FieldIndex([]);
  const opts = { transport: noTransport };
  const client = core.createClient({ plugins: [registry(), tapPkg.tap()], transport: noTransport });
  const regtap = new RegTAPService("http://x/regtap", opts);
  const record = { ...RECORD };
  const protocolRecord = { ...RECORD, suggest_extension: "=suggestExtension" };
  return {
    DALResults: { target: rs, elsewhere: RESULTS },
    TAPResults: { target: rs, elsewhere: RESULTS },
    Record: { target: new Record(index, []), elsewhere: record },
    TAPRecord: { target: new Record(index, []), elsewhere: record },
    // "refpixel", "refvalue": two words each, as SIA's UCDs VOX:WCS_CoordRefPixel and _CoordRefValue write them.
    SIARecord: { target: new SIARecord(index, []), elsewhere: { ...protocolRecord, coord_refpixel: "=coordRefPixel", coord_refvalue: "=coordRefValue" } },
    SSARecord: { target: new SSARecord(index, []), elsewhere: protocolRecord },
    SLARecord: { target: new SLARecord(index, []), elsewhere: record },
    SCSRecord: { target: new SCSRecord(index, []), elsewhere: record },
    ObsCoreRecord: { target: new ObsCoreRecord(new Record(index, [])), elsewhere: record },
    SIA2Record: { target: new SIA2Record(index, []), elsewhere: record },
    TAPService: {
      target: new TAPService("http://x/tap", opts),
      elsewhere: { ...SERVICE, hardlimit: "=hardLimit", get_job: "=getJob", get_job_list: "=getJobList", run_async: "=runAsync", run_sync: "=runSync", submit_job: "=submitJob", upload_methods: "=uploadMethods", describe: "TAPService.capabilities and .tables (data, not a printer)", capabilities: "=capabilities", availability: "=availability", available: "TAPService.availability() → available", up_since: "TAPService.availability() → upSince" },
    },
    SIAService: { target: new SIAService("http://x/sia", opts), elsewhere: SERVICE },
    SIA2Service: { target: new SIA2Service("http://x/sia2", opts), elsewhere: SERVICE },
    SSAService: { target: new SSAService("http://x/ssa", opts), elsewhere: SERVICE },
    SLAService: { target: new SLAService("http://x/sla", opts), elsewhere: SERVICE },
    SCSService: { target: new SCSService("http://x/scs", opts), elsewhere: SERVICE },
    DatalinkService: { target: new DatalinkService("http://x/links", noTransport), elsewhere: { ...SERVICE, run_sync: "=search", describe: "not provided (a links endpoint has no metadata query)" } },
    AsyncTAPJob: {
      target: new AsyncJob("http://x/tap/async/j1", parseUWSJob(JOB), { transport: noTransport }),
      elsewhere: { create: "TAPService.submitJob", execution_duration: "=executionDuration", fetch_result: "=fetchResult", job_id: "=jobId", raise_if_error: "=raiseIfError", result_uri: "=resultUri", result_uris: "=resultUris", uws_version: "=uwsVersion", query: "=query" },
    },
    DatalinkResults: {
      target: links,
      // The DALResults members are those of the links document's ResultSet.
      elsewhere: { ...Object.fromEntries(Object.entries(RESULTS).map(([k, v]) => [k, v.startsWith("=") ? `=document.${v.slice(1)}` : v])), bysemantics: "=bySemantics", clone_byid: "=byId", get_first_proc: "=getFirstProc", iter_procs: "=iterProcs", getdataset: "=getDataset", from_result_url: "datalink · DatalinkService.search" },
    },
    DatalinkRecord: {
      target: links.at(0)!,
      elsewhere: { ...RECORD, access_url: "=accessUrl", content_length: "=contentLength", content_type: "=contentType", error_message: "=errorMessage", service_def: "=serviceDef", getdataurl: "=getDataUrl", process: "=processed", processed: "=processed", params: "=descriptor", input_params: "=descriptor" },
    },
    RegistryResource: {
      target: new RegistryResource(new Record(index, []), client, regtap),
      elsewhere: {
        ...Object.fromEntries(Object.keys(RECORD).map((k) => [k, "not provided: a registry resource is no dataset row; RegistryResults.resultSet has the rows"])),
        get: "RegistryResults.resultSet.at(i).get(name)",
        standard_id: "=standardIds",
        search: "RegistryResource.getService(type) then its search (each type has its own signature)",
      },
    },
    RegistryResults: {
      target: new RegistryResults(rs, client, regtap),
      elsewhere: { ...Object.fromEntries(Object.entries(RESULTS).map(([k, v]) => [k, v.startsWith("=") ? `=resultSet.${v.slice(1)}` : v])), getrecord: "=at" },
    },
    VOSITables: { target: new VOSITables([]), elsewhere: { keys: "=names", values: "=list", items: "=list", describe: "not provided: tables are data" } },
  };
}

/** Whether `a.b.c` leads to a member: every step but the last an object that has the next key. */
function hasPath(target: object, path: string): boolean {
  let at: unknown = target;
  for (const key of path.split(".")) {
    if (typeof at !== "object" || at === null || !(key in at)) return false;
    at = (at as { readonly [k: string]: unknown })[key];
  }
  return true;
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
/** The `@vo` class a pyVO class is compared with, when the name differs. */
const TARGET_CLASS: { readonly [pyvoClass: string]: string } = { ObsCoreRecord: "SIA2Record" };

let pyvo: { version: string; classes: { [name: string]: string[] } };
let modules: { [module: string]: string[] };

beforeAll(() => {
  const mods = spawnSync("/usr/bin/python3", ["-c", PYTHON_MODULES], { encoding: "utf8", timeout: 120_000 });
  if (mods.status !== 0) throw new Error(`Debian's pyVO did not run: ${mods.error ?? mods.stderr.slice(-2000)}`);
  modules = JSON.parse(mods.stdout) as typeof modules;
  const run = spawnSync("/usr/bin/python3", ["-c", PYTHON], { encoding: "utf8", timeout: 120_000 });
  if (run.status !== 0) {
    throw new Error(`Debian's pyVO did not run (/usr/bin/python3 with python3-pyvo; scripts/install-peers.sh installs it): ${run.error ?? run.stderr.slice(-2000)}`);
  }
  pyvo = JSON.parse(run.stdout) as typeof pyvo;
});

describe("pyVO 1.2.1's public members, name for name", () => {
  it("runs against Debian's pyVO", () => {
    expect(pyvo.version).toMatch(/^1\./);
    expect(Object.keys(pyvo.classes)).toHaveLength(22);
  });

  it("has each module-level name as an export of the same name or in camelCase, another checked export, or a documented replacement", () => {
    expect(Object.keys(modules)).toHaveLength(10);
    const missing: string[] = [];
    for (const [module, names] of Object.entries(modules)) {
      for (const name of names) {
        const how = MODULE_ELSEWHERE[`${module}.${name}`];
        if (how === undefined) {
          if (!EXPORTS.has(name) && !EXPORTS.has(camel(name))) missing.push(`${module}.${name}`);
        } else if (how.startsWith("=") && !EXPORTS.has(how.slice(1))) {
          missing.push(`${module}.${name} (mapped to missing export ${how.slice(1)})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("has each one in camelCase on the matching object, under another checked name, or a documented replacement", async () => {
    const ours = await objects();
    const missing: string[] = [];
    const targets = (pyClass: string): { target: object; elsewhere: Elsewhere }[] => {
      const main = ours[pyClass];
      if (!main) throw new Error(`no @vo object for pyVO's ${pyClass}`);
      const extra = TARGET_CLASS[pyClass] ? ours[TARGET_CLASS[pyClass]!] : undefined;
      return extra ? [main, extra] : [main];
    };
    for (const [pyClass, names] of Object.entries(pyvo.classes)) {
      for (const { target, elsewhere } of targets(pyClass)) {
        for (const name of names) {
          const how = elsewhere[name];
          if (how === undefined) {
            if (!(camel(name) in target)) missing.push(`${pyClass}.${name} (no ${camel(name)} on ${target.constructor.name})`);
          } else if (how.startsWith("=")) {
            if (!hasPath(target, how.slice(1))) missing.push(`${pyClass}.${name} (mapped to missing ${how.slice(1)} on ${target.constructor.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

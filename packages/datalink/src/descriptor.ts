/**
 * Service descriptors (DataLink 1.1 §4): `<RESOURCE type="meta"
 * utype="adhoc:service">` elements with an accessURL, a standardID and an
 * `inputParams` GROUP, found in links documents and embedded in TAP, SIA,
 * SSA and ObsCore results.
 */
import { describeInputParams } from "@vo/core";
import type { InputParam } from "@vo/core";
import type { Group, Param, ResourceMeta, VOTableMeta } from "@vo/votable";
import { isDatalinkStandardId, isSodaStandardId } from "./constants.js";

/** An input parameter of a service descriptor: core's {@link InputParam} plus where its value comes from. */
export interface DescriptorParam extends InputParam {
  /** The FIELD (by ID, else name) of the result whose cell is sent for a row (PARAM `ref`). */
  ref?: string;
  /** The PARAM's `value` as written; a non-empty value without `ref` is sent as is. */
  value: string;
}

/** One service descriptor: where to send which parameters. */
export class ServiceDescriptor {
  /** The RESOURCE's ID (what a links row's `service_def` names). */
  readonly id: string | undefined;
  /** The RESOURCE's name. */
  readonly name: string | undefined;
  /** The RESOURCE's DESCRIPTION. */
  readonly description: string | undefined;
  /** The `standardID` PARAM (DataLink, SODA sync/async, …), if any. */
  readonly standardId: string | undefined;
  /** The `accessURL` PARAM, if any (a descriptor without one cannot be called). */
  readonly accessUrl: string | undefined;
  /** The `contentType` PARAM (DataLink 1.1): what the service returns. */
  readonly contentType: string | undefined;
  /** The input parameters, in document order. */
  readonly inputParams: readonly DescriptorParam[];
  /** The RESOURCE as read. */
  readonly resource: ResourceMeta;

  constructor(resource: ResourceMeta) {
    this.resource = resource;
    this.id = resource.ID;
    this.name = resource.name;
    this.description = resource.description;
    const own = (name: string): string | undefined => {
      const v = resource.params.find((p) => p.name.toLowerCase() === name.toLowerCase())?.value.trim();
      return v === undefined || v === "" ? undefined : v;
    };
    this.standardId = own("standardID");
    this.accessUrl = own("accessURL");
    this.contentType = own("contentType");
    this.inputParams = readInputParams(resource);
  }

  /** Whether this describes a DataLink links endpoint. */
  get isDatalink(): boolean {
    return isDatalinkStandardId(this.standardId);
  }

  /** Whether this describes a synchronous SODA endpoint (or a descriptor with no standardID but SODA's parameters). */
  get isSoda(): boolean {
    return isSodaStandardId(this.standardId);
  }

  /** Whether this describes an asynchronous (UWS) SODA endpoint. */
  get isSodaAsync(): boolean {
    return isSodaStandardId(this.standardId, "async");
  }

  /** The input parameter with this name, compared case-insensitively. */
  param(name: string): DescriptorParam | undefined {
    const lower = name.toLowerCase();
    return this.inputParams.find((p) => p.name.toLowerCase() === lower);
  }

  /** The parameter that carries the dataset identifier: `ID` if declared, else the first one with a `ref`. */
  get idParam(): DescriptorParam | undefined {
    return this.param("ID") ?? this.inputParams.find((p) => p.ref !== undefined);
  }
}

/** Whether a RESOURCE is a service descriptor (`type="meta"`, `utype="adhoc:service"`, compared case-insensitively). */
export function isServiceDescriptor(resource: ResourceMeta): boolean {
  return resource.type?.toLowerCase() === "meta" && resource.utype?.toLowerCase() === "adhoc:service";
}

/** Every service descriptor of a document, at any depth, in document order. */
export function serviceDescriptors(document: VOTableMeta): ServiceDescriptor[] {
  const out: ServiceDescriptor[] = [];
  const walk = (r: ResourceMeta): void => {
    if (isServiceDescriptor(r)) out.push(new ServiceDescriptor(r));
    r.resources.forEach(walk);
  };
  document.resources.forEach(walk);
  return out;
}

/** The first descriptor whose standardID starts with `ivoid` (case-insensitive; pyVO's `get_adhocservice_by_ivoid`). */
export function descriptorByIvoid(document: VOTableMeta, ivoid: string): ServiceDescriptor | undefined {
  const prefix = ivoid.toLowerCase();
  return serviceDescriptors(document).find((d) => d.standardId?.toLowerCase().startsWith(prefix));
}

/** The descriptor with this RESOURCE ID (pyVO's `get_adhocservice_by_id`). */
export function descriptorById(document: VOTableMeta, id: string): ServiceDescriptor | undefined {
  return serviceDescriptors(document).find((d) => d.id === id);
}

function readInputParams(resource: ResourceMeta): DescriptorParam[] {
  const meta: VOTableMeta = { version: "1.4", infos: [], params: [], groups: [], coosys: [], timesys: [], resources: [{ ...resource, resources: [] }] };
  const described = describeInputParams(meta);
  const raw = new Map<string, Param>();
  const collect = (g: Group): void => {
    for (const p of g.params) if (!raw.has(p.name.toUpperCase())) raw.set(p.name.toUpperCase(), p);
    g.groups.forEach(collect);
  };
  resource.groups.filter((g) => g.name === "inputParams").forEach(collect);
  return described.map((p) => {
    const param = raw.get(p.name.toUpperCase());
    const out: DescriptorParam = { ...p, value: param?.value ?? "" };
    if (param?.ref !== undefined && param.ref !== "") out.ref = param.ref;
    return out;
  });
}

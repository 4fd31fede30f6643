#!/usr/bin/python3
"""Fills the test bed's rr schema (RegTAP 1.1 + 1.2 coverage tables) from
VOResource records.

    import.py [--oai URL] [--stats FILE] RECORD.xml ...  > load.sql

Reads every record file given (one ri:Resource per file, or an OAI-PMH
response, or any document with ri:Resource elements) and, with --oai, every
record of an OAI-PMH endpoint's ivo_managed set (ListRecords, resumption
tokens followed).  Writes one SQL script to stdout that empties the rr tables
and loads all rows in one transaction (COPY), for `psql -d gavo`.

Ingestion follows RegTAP 1.2: ivoids, standard ids, types and the other
columns the standard names are lower-cased; xsi:type values get the canonical
prefixes (vr, vs, cs, sia, ssa, tr, vg, vstd, ...); hash-joined lists for
content levels, types, wavebands, query types, mirror URLs and column flags;
res_detail gets xpath/value pairs of capability metadata (data models,
languages, output formats, limits, test queries) and some resource metadata.
Spatial coverage: this DaCHS's pgsphere (1.1.1) has no MOC type, so each
HEALPix cell of a record's ASCII MOC becomes one rr.stc_spatial row holding
the cell as a polygon through its corners (more edge points for cells
of orders below 3; healpy gives them).

Debian's python3 with lxml and healpy.  Exits non-zero, naming the file,
on a record it cannot read or a duplicate ivoid.
"""
import argparse
import re
import sys
import urllib.parse
import urllib.request

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = "{%s}type" % XSI

# The canonical prefix of each VOResource-family schema, by the name in its namespace URI.
CANONICAL = {
    "VOResource": "vr", "VODataService": "vs", "ConeSearch": "cs", "SIA": "sia",
    "SSA": "ssa", "TAPRegExt": "tr", "VORegistry": "vg", "StandardsRegExt": "vstd",
    "SLAP": "slap", "DocRegExt": "doc", "RegistryInterface": "ri",
    "ApplicationRegExt": "vapp", "DataLink": "dl",
}

COLUMNS = {
    "resource": ["ivoid", "res_type", "created", "short_name", "res_title", "updated",
                 "content_level", "res_description", "reference_url", "creator_seq",
                 "content_type", "source_format", "source_value", "res_version",
                 "region_of_regard", "waveband", "rights", "rights_uri"],
    "res_role": ["ivoid", "role_name", "role_ivoid", "street_address", "email",
                 "telephone", "logo", "base_role"],
    "res_subject": ["ivoid", "res_subject"],
    "capability": ["ivoid", "cap_index", "cap_type", "cap_description", "standard_id"],
    "res_schema": ["ivoid", "schema_index", "schema_description", "schema_name",
                   "schema_title", "schema_utype"],
    "res_table": ["ivoid", "schema_index", "table_description", "table_name",
                  "table_index", "table_title", "table_type", "table_utype"],
    "table_column": ["ivoid", "table_index", "name", "ucd", "unit", "utype", "std",
                     "datatype", "extended_schema", "extended_type", "arraysize",
                     "delim", "type_system", "flag", "column_description"],
    "interface": ["ivoid", "cap_index", "intf_index", "intf_type", "intf_role",
                  "std_version", "query_type", "result_type", "wsdl_url", "url_use",
                  "access_url", "mirror_url", "authenticated_only"],
    "intf_param": ["ivoid", "intf_index", "name", "ucd", "unit", "utype", "std",
                   "datatype", "extended_schema", "extended_type", "arraysize",
                   "delim", "param_use", "param_description"],
    "relationship": ["ivoid", "relationship_type", "related_id", "related_name"],
    "validation": ["ivoid", "validated_by", "val_level", "cap_index"],
    "res_date": ["ivoid", "date_value", "value_role"],
    "res_detail": ["ivoid", "cap_index", "detail_xpath", "detail_value"],
    "alt_identifier": ["ivoid", "alt_identifier"],
    "stc_spatial": ["ivoid", "coverage", "ref_system_name"],
    "stc_spectral": ["ivoid", "spectral_start", "spectral_end"],
    "stc_temporal": ["ivoid", "time_start", "time_end"],
}

# Resource-level metadata kept in res_detail (RegTAP appendix A), by child path.
RESOURCE_DETAILS = ["facility", "instrument", "accessURL", "format", "managedAuthority",
                    "endorsedVersion", "deprecated", "coverage/footprint", "rights"]
# UAT subjects given as URIs are stored as their term ids, the form RegTAP clients query.
UAT_URI = re.compile(r"^(?:https?://www\.ivoa\.net/rdf/uat(?:/[0-9-]+)?#|uat:)(.+)$", re.I)


class RecordError(Exception):
    pass


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(el, name):
    return [c for c in el if local(c.tag) == name]


def child(el, name):
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def path(el, steps):
    """The elements at a /-separated path of local names below el."""
    found = [el]
    for step in steps.split("/"):
        found = [c for e in found for c in children(e, step)]
    return found


def text(el):
    if el is None or el.text is None:
        return None
    value = " ".join(el.text.split()) if "\n" in el.text else el.text.strip()
    return value or None


def first_text(el, steps):
    found = path(el, steps)
    return text(found[0]) if found else None


def lower(value):
    return value.lower() if value is not None else None


def hashjoin(values, lowercase=True):
    values = [v.lower() if lowercase else v for v in values if v]
    return "#".join(values) if values else None


def xsi_type(el):
    """The element's xsi:type with the canonical prefix, lower-cased."""
    value = el.get(XSI_TYPE)
    if not value:
        return None
    prefix, _, name = value.rpartition(":")
    uri = el.nsmap.get(prefix or None)
    if uri:
        m = re.search(r"/xml/([A-Za-z]+)/", uri)
        if m and m.group(1) in CANONICAL:
            prefix = CANONICAL[m.group(1)]
    return ("%s:%s" % (prefix, name) if prefix else name).lower()


def std_flag(value):
    if value is None:
        return None
    return 1 if value.strip().lower() in ("true", "1") else 0


def subject(value):
    m = UAT_URI.match(value)
    return m.group(1).lower() if m else value


def moc_cells(moc):
    """(order, ipix) for every cell of an ASCII MOC ('3/1-3 5 4/100')."""
    order = None
    for token in moc.replace(",", " ").split():
        if "/" in token:
            o, _, token = token.partition("/")
            order = int(o)
            if not token:
                continue
        if order is None:
            raise ValueError("ASCII MOC without an order: %r" % moc)
        lo, _, hi = token.partition("-")
        for ipix in range(int(lo), int(hi or lo) + 1):
            yield order, ipix


def cell_polygon(order, ipix):
    import healpy
    import numpy
    # more points per edge for large cells, whose edges are far from great circles
    x, y, z = healpy.boundaries(2 ** order, ipix, step=max(1, 2 ** (3 - order)), nest=True)
    ra = numpy.degrees(numpy.arctan2(y, x)) % 360
    dec = numpy.degrees(numpy.arcsin(numpy.clip(z, -1, 1)))
    return "{%s}" % ",".join("(%.9fd,%.9fd)" % (a, d) for a, d in zip(ra, dec))


class Loader:
    def __init__(self):
        self.rows = {name: [] for name in COLUMNS}
        self.seen = {}

    def add(self, table, **values):
        unknown = set(values) - set(COLUMNS[table])
        assert not unknown, (table, unknown)
        self.rows[table].append([values.get(c) for c in COLUMNS[table]])

    def resource(self, res, origin):
        if (res.get("status") or "active").lower() != "active":
            return
        ivoid = lower(first_text(res, "identifier"))
        if not ivoid or not ivoid.startswith("ivo://"):
            raise RecordError("%s: a resource without an ivo:// identifier" % origin)
        if ivoid in self.seen:
            raise RecordError("%s: ivoid %s is already in %s" % (origin, ivoid, self.seen[ivoid]))
        if not first_text(res, "title"):
            raise RecordError("%s: %s has no title" % (origin, ivoid))
        self.seen[ivoid] = origin
        content = child(res, "content")
        curation = child(res, "curation")
        coverage = child(res, "coverage")
        rights = children(res, "rights")
        source = path(res, "content/source")
        self.add("resource",
                 ivoid=ivoid, res_type=xsi_type(res), created=res.get("created"),
                 updated=res.get("updated"), short_name=first_text(res, "shortName"),
                 res_title=first_text(res, "title"),
                 content_level=hashjoin([text(e) for e in path(res, "content/contentLevel")]),
                 res_description=first_text(res, "content/description"),
                 reference_url=first_text(res, "content/referenceURL"),
                 creator_seq="; ".join(filter(None, (text(e) for e in path(res, "curation/creator/name")))) or None,
                 content_type=hashjoin([text(e) for e in path(res, "content/type")]),
                 source_format=lower(source[0].get("format")) if source else None,
                 source_value=text(source[0]) if source else None,
                 res_version=first_text(res, "curation/version"),
                 region_of_regard=first_text(res, "coverage/regionOfRegard"),
                 waveband=hashjoin([text(e) for e in path(res, "coverage/waveband")]),
                 rights=text(rights[0]) if rights else None,
                 rights_uri=rights[0].get("rightsURI") if rights else None)
        for alt in children(res, "altIdentifier") + path(res, "curation/creator/altIdentifier"):
            if text(alt):
                self.add("alt_identifier", ivoid=ivoid, alt_identifier=text(alt))
        if curation is not None:
            self.curation(ivoid, curation)
        if content is not None:
            for s in children(content, "subject"):
                if text(s):
                    self.add("res_subject", ivoid=ivoid, res_subject=subject(text(s)))
            for rel in children(content, "relationship"):
                kind = lower(first_text(rel, "relationshipType"))
                for related in children(rel, "relatedResource"):
                    self.add("relationship", ivoid=ivoid, relationship_type=kind,
                             related_id=lower(related.get("ivo-id")), related_name=text(related))
        for v in children(res, "validationLevel"):
            self.add("validation", ivoid=ivoid, validated_by=lower(v.get("validatedBy")), val_level=text(v))
        for steps in RESOURCE_DETAILS:
            for e in path(res, steps):
                if text(e):
                    self.add("res_detail", ivoid=ivoid, detail_xpath="/" + steps, detail_value=text(e))
                if e.get("ivo-id"):
                    self.add("res_detail", ivoid=ivoid, detail_xpath="/%s/@ivo-id" % steps, detail_value=e.get("ivo-id"))
        intf_index = 0
        for cap_index, cap in enumerate(children(res, "capability"), 1):
            self.add("capability", ivoid=ivoid, cap_index=cap_index, cap_type=xsi_type(cap),
                     cap_description=first_text(cap, "description"), standard_id=lower(cap.get("standardID")))
            for v in children(cap, "validationLevel"):
                self.add("validation", ivoid=ivoid, validated_by=lower(v.get("validatedBy")),
                         val_level=text(v), cap_index=cap_index)
            for intf in children(cap, "interface"):
                intf_index += 1
                self.interface(ivoid, cap_index, intf_index, intf)
            for item in cap:
                if local(item.tag) not in ("interface", "description", "validationLevel"):
                    self.details(ivoid, cap_index, "/capability", item)
        self.tableset(ivoid, res)
        if coverage is not None:
            self.coverage(ivoid, coverage, origin)

    def curation(self, ivoid, curation):
        for pub in children(curation, "publisher"):
            self.add("res_role", ivoid=ivoid, base_role="publisher", role_name=text(pub),
                     role_ivoid=lower(pub.get("ivo-id")))
        for cre in children(curation, "creator"):
            name = child(cre, "name")
            self.add("res_role", ivoid=ivoid, base_role="creator", role_name=text(name),
                     role_ivoid=lower(name.get("ivo-id")) if name is not None else None,
                     logo=first_text(cre, "logo"))
        for con in children(curation, "contributor"):
            self.add("res_role", ivoid=ivoid, base_role="contributor", role_name=text(con),
                     role_ivoid=lower(con.get("ivo-id")))
        for con in children(curation, "contact"):
            name = child(con, "name")
            self.add("res_role", ivoid=ivoid, base_role="contact", role_name=text(name),
                     role_ivoid=lower(name.get("ivo-id")) if name is not None else None,
                     street_address=first_text(con, "address"), email=first_text(con, "email"),
                     telephone=first_text(con, "telephone"))
        for date in children(curation, "date"):
            if text(date):
                self.add("res_date", ivoid=ivoid, date_value=text(date),
                         value_role=lower(date.get("role") or "representative"))

    def interface(self, ivoid, cap_index, intf_index, intf):
        access = children(intf, "accessURL")
        methods = children(intf, "securityMethod")
        anonymous = not methods or any(not m.get("standardID") for m in methods)
        self.add("interface", ivoid=ivoid, cap_index=cap_index, intf_index=intf_index,
                 intf_type=xsi_type(intf), intf_role=lower(intf.get("role")),
                 std_version=intf.get("version"),
                 query_type=hashjoin([text(e) for e in children(intf, "queryType")]),
                 result_type=lower(first_text(intf, "resultType")),
                 wsdl_url=first_text(intf, "wsdlURL"),
                 url_use=lower(access[0].get("use")) if access else None,
                 access_url=text(access[0]) if access else None,
                 mirror_url=hashjoin([text(e) for e in children(intf, "mirrorURL")], lowercase=False),
                 authenticated_only=0 if anonymous else 1)
        for m in methods:
            if m.get("standardID"):
                self.add("res_detail", ivoid=ivoid, cap_index=cap_index,
                         detail_xpath="/capability/interface/securityMethod/@standardID",
                         detail_value=m.get("standardID"))
        if first_text(intf, "testQueryString"):
            self.add("res_detail", ivoid=ivoid, cap_index=cap_index,
                     detail_xpath="/capability/interface/testQueryString",
                     detail_value=first_text(intf, "testQueryString"))
        for p in children(intf, "param"):
            dt = child(p, "dataType")
            self.add("intf_param", ivoid=ivoid, intf_index=intf_index,
                     name=lower(first_text(p, "name")), ucd=lower(first_text(p, "ucd")),
                     unit=first_text(p, "unit"), utype=lower(first_text(p, "utype")),
                     std=std_flag(p.get("std")), datatype=lower(text(dt)),
                     extended_schema=dt.get("extendedSchema") if dt is not None else None,
                     extended_type=dt.get("extendedType") if dt is not None else None,
                     arraysize=dt.get("arraysize") if dt is not None else None,
                     delim=dt.get("delim") if dt is not None else None,
                     param_use=lower(p.get("use")), param_description=first_text(p, "description"))

    def details(self, ivoid, cap_index, prefix, el):
        """xpath/value pairs for a capability child: its text, attributes, and its children's."""
        xpath = "%s/%s" % (prefix, local(el.tag))
        if text(el):
            self.add("res_detail", ivoid=ivoid, cap_index=cap_index, detail_xpath=xpath, detail_value=text(el))
        for name, value in el.attrib.items():
            if name != XSI_TYPE:
                self.add("res_detail", ivoid=ivoid, cap_index=cap_index,
                         detail_xpath="%s/@%s" % (xpath, local(name)), detail_value=value)
        for c in el:
            if local(c.tag) not in ("description",):
                self.details(ivoid, cap_index, xpath, c)

    def tableset(self, ivoid, res):
        table_index = 0
        schemas = path(res, "tableset/schema")
        for schema_index, schema in enumerate(schemas, 1):
            self.add("res_schema", ivoid=ivoid, schema_index=schema_index,
                     schema_description=first_text(schema, "description"),
                     schema_name=lower(first_text(schema, "name")), schema_title=first_text(schema, "title"),
                     schema_utype=lower(first_text(schema, "utype")))
            for table in children(schema, "table"):
                table_index += 1
                self.table(ivoid, schema_index, table_index, table)
        for table in children(res, "table"):
            table_index += 1
            self.table(ivoid, None, table_index, table)

    def table(self, ivoid, schema_index, table_index, table):
        self.add("res_table", ivoid=ivoid, schema_index=schema_index, table_index=table_index,
                 table_name=first_text(table, "name"), table_title=first_text(table, "title"),
                 table_description=first_text(table, "description"), table_type=lower(table.get("type")),
                 table_utype=lower(first_text(table, "utype")))
        for col in children(table, "column"):
            dt = child(col, "dataType")
            self.add("table_column", ivoid=ivoid, table_index=table_index,
                     name=lower(first_text(col, "name")), ucd=lower(first_text(col, "ucd")),
                     unit=first_text(col, "unit"), utype=lower(first_text(col, "utype")),
                     std=std_flag(col.get("std")), datatype=lower(text(dt)),
                     extended_schema=dt.get("extendedSchema") if dt is not None else None,
                     extended_type=dt.get("extendedType") if dt is not None else None,
                     arraysize=dt.get("arraysize") if dt is not None else None,
                     delim=dt.get("delim") if dt is not None else None,
                     type_system=xsi_type(dt) if dt is not None else None,
                     flag=hashjoin([text(e) for e in children(col, "flag")]),
                     column_description=first_text(col, "description"))

    def coverage(self, ivoid, coverage, origin):
        for spatial in children(coverage, "spatial"):
            if not text(spatial):
                continue
            try:
                cells = list(moc_cells(text(spatial)))
            except ValueError as exc:
                raise RecordError("%s: %s: %s" % (origin, ivoid, exc))
            for order, ipix in cells:
                self.add("stc_spatial", ivoid=ivoid, coverage=cell_polygon(order, ipix),
                         ref_system_name=spatial.get("frame"))
        for name, table, cols in (("spectral", "stc_spectral", ("spectral_start", "spectral_end")),
                                  ("temporal", "stc_temporal", ("time_start", "time_end"))):
            for el in children(coverage, name):
                parts = (text(el) or "").split()
                if len(parts) != 2:
                    raise RecordError("%s: %s: coverage/%s must be 'lo hi', got %r" % (origin, ivoid, name, text(el)))
                self.add(table, ivoid=ivoid, **dict(zip(cols, (float(parts[0]), float(parts[1])))))

    def document(self, root, origin):
        """Every ri:Resource in a document (a record file or an OAI-PMH response)."""
        if local(root.tag) == "Resource":
            self.resource(root, origin)
            return
        for res in root.iter():
            if local(res.tag) == "Resource" and res.get(XSI_TYPE) is not None:
                self.resource(res, origin)

    def sql(self, out):
        out.write("\\set ON_ERROR_STOP on\nBEGIN;\n")
        for name in reversed(list(COLUMNS)):
            out.write("DELETE FROM rr.%s;\n" % name)
        for name, cols in COLUMNS.items():
            rows = self.rows[name]
            if not rows:
                continue
            out.write("COPY rr.%s (%s) FROM STDIN;\n" % (name, ", ".join(cols)))
            for row in rows:
                out.write("\t".join(copy_value(v) for v in row) + "\n")
            out.write("\\.\n")
        out.write("COMMIT;\nANALYZE rr.resource;\n")


def copy_value(value):
    if value is None:
        return "\\N"
    value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def harvest(loader, base):
    """Every record of an OAI-PMH endpoint's ivo_managed set; returns how many resources."""
    before = len(loader.seen)
    params = {"verb": "ListRecords", "metadataPrefix": "ivo_vor", "set": "ivo_managed"}
    while True:
        url = base + "?" + urllib.parse.urlencode(params)
        with urllib.request.urlopen(url, timeout=60) as f:
            root = etree.parse(f).getroot()
        errors = [e for e in root.iter() if local(e.tag) == "error"]
        if errors and errors[0].get("code") != "noRecordsMatch":
            raise RecordError("%s: OAI-PMH error %s: %s" % (url, errors[0].get("code"), text(errors[0])))
        loader.document(root, url)
        token = [e for e in root.iter() if local(e.tag) == "resumptionToken"]
        if not token or not text(token[0]):
            return len(loader.seen) - before
        params = {"verb": "ListRecords", "resumptionToken": text(token[0])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oai", help="OAI-PMH endpoint to harvest (ivo_managed set)")
    parser.add_argument("--stats", help="file to write 'resources=N harvested=M' to")
    parser.add_argument("records", nargs="*")
    args = parser.parse_args()
    loader = Loader()
    try:
        for name in args.records:
            try:
                root = etree.parse(name).getroot()
            except etree.XMLSyntaxError as exc:
                raise RecordError("%s: not well-formed XML: %s" % (name, exc))
            loader.document(root, name)
        harvested = harvest(loader, args.oai) if args.oai else 0
    except RecordError as exc:
        sys.exit("import.py: %s" % exc)
    loader.sql(sys.stdout)
    counts = " ".join("%s=%d" % (n, len(r)) for n, r in loader.rows.items())
    print("import.py: %d resources (%d harvested); %s" % (len(loader.seen), harvested, counts), file=sys.stderr)
    if args.stats:
        with open(args.stats, "w") as f:
            f.write("resources=%d harvested=%d\n" % (len(loader.seen), harvested))


if __name__ == "__main__":
    main()

<!-- RegTAP 1.1 (plus the 1.2 coverage tables) on the local DaCHS: the
rr schema of the @vo test bed.  The tables are created by `dachs imp regtap/q`
(data "create", no sources) and filled by import.py from VOResource records;
see README.md.  Written for the @vo project; columns follow the RegTAP
1.2 specification. -->
<resource schema="rr" resdir=".">
  <meta name="creationDate">2026-12-07T00:00:00Z</meta>
  <meta name="title">@vo test bed relational registry (RegTAP)</meta>
  <meta name="description">
    A small relational registry (IVOA RegTAP 1.1 schema with the 1.2
    coverage tables) filled from VOResource records: the local DaCHS's
    own records (harvested over OAI-PMH) and a fictitious but realistic
    VO written by the @vo project for its integration tests.
  </meta>
  <meta name="subject">virtual-observatories</meta>
  <meta name="creator">@vo project</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Other</meta>

  <table id="resource" onDisk="True" adql="True" primary="ivoid">
    <meta name="description">The resources (services, collections, organisations, standards) in this registry; one row per active record.</meta>
    <property key="supportsModel">Registry 1.1</property>
    <property key="supportsModelURI">ivo://ivoa.net/std/RegTAP#1.1</property>
    <index columns="res_type"/>
    <index columns="waveband"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid;meta.main" required="True"
      description="The resource's IVOA identifier, lower-cased."/>
    <column name="res_type" type="text" ucd="meta.code.class"
      description="xsi:type of the record, lower-cased with canonical prefix (vs:catalogservice, vr:organisation, ...)."/>
    <column name="created" type="timestamp" ucd="time.creation"
      description="When the record was created (UTC)."/>
    <column name="short_name" type="text" ucd="meta.id"
      description="Short name of the resource (at most 16 characters)."/>
    <column name="res_title" type="text" ucd="meta.title"
      description="Title of the resource."/>
    <column name="updated" type="timestamp" ucd="time.processing"
      description="When the record was last changed (UTC)."/>
    <column name="content_level" type="text" ucd="meta.code"
      description="Intended audiences, hash-separated, lower-cased."/>
    <column name="res_description" type="text" ucd="meta.note"
      description="Free-text description of the resource."/>
    <column name="reference_url" type="text" ucd="meta.ref.url"
      description="Human-readable documentation of the resource."/>
    <column name="creator_seq" type="text" ucd="meta.bib.author"
      description="Creator names in record order, separated by '; '."/>
    <column name="content_type" type="text" ucd="meta.code"
      description="Kinds of content, hash-separated, lower-cased."/>
    <column name="source_format" type="text" ucd="meta.code"
      description="Format of source_value (e.g. bibcode), lower-cased."/>
    <column name="source_value" type="text" ucd="meta.bib"
      description="Bibliographic source the resource derives from."/>
    <column name="res_version" type="text" ucd="meta.version"
      description="Version label of the resource."/>
    <column name="region_of_regard" type="real" ucd="pos.angResolution" unit="deg"
      description="Angle by which positional queries should be blurred."/>
    <column name="waveband" type="text" ucd="instr.bandpass"
      description="Messenger (waveband) terms, hash-separated, lower-cased."/>
    <column name="rights" type="text" ucd="meta.note"
      description="First usage statement of the record."/>
    <column name="rights_uri" type="text" ucd="meta.ref.url"
      description="Licence URI of the first rights element."/>
  </table>

  <table id="res_role" onDisk="True" adql="True">
    <meta name="description">Persons and organisations in a role for a resource: creator, contact, publisher, contributor.</meta>
    <index columns="ivoid"/>
    <index columns="role_name"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="role_name" type="text" ucd="meta.id"
      description="Name of the person or organisation."/>
    <column name="role_ivoid" type="text" ucd="meta.ref.ivoid"
      description="IVOA identifier of the entity, lower-cased."/>
    <column name="street_address" type="text" ucd="meta.note"
      description="Postal address (contacts only)."/>
    <column name="email" type="text" ucd="meta.email"
      description="E-mail address (contacts only)."/>
    <column name="telephone" type="text" ucd="meta.note"
      description="Telephone number (contacts only)."/>
    <column name="logo" type="text" ucd="meta.ref.url"
      description="URL of a logo (creators only)."/>
    <column name="base_role" type="text" ucd="meta.code"
      description="contact, publisher, contributor or creator."/>
  </table>

  <table id="res_subject" onDisk="True" adql="True">
    <meta name="description">Topics of resources (subject elements; UAT terms given as URIs are stored as their term ids).</meta>
    <index columns="ivoid"/>
    <index columns="res_subject"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="res_subject" type="text" ucd="meta.note"
      description="One subject of the resource."/>
  </table>

  <table id="capability" onDisk="True" adql="True" primary="ivoid,cap_index">
    <meta name="description">Capabilities of resources: what protocols they speak.</meta>
    <index columns="standard_id"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="cap_index" type="smallint" ucd="meta.number" required="True"
      description="Index of the capability within the resource (from 1)."/>
    <column name="cap_type" type="text" ucd="meta.code"
      description="xsi:type of the capability, lower-cased with canonical prefix."/>
    <column name="cap_description" type="text" ucd="meta.note"
      description="Description of the capability."/>
    <column name="standard_id" type="text" ucd="meta.ref.ivoid"
      description="Standard identifier of the protocol, lower-cased."/>
  </table>

  <table id="res_schema" onDisk="True" adql="True" primary="ivoid,schema_index">
    <meta name="description">Schemas of the resources' tablesets.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="schema_index" type="smallint" ucd="meta.number" required="True"
      description="Index of the schema within the resource (from 1)."/>
    <column name="schema_description" type="text" ucd="meta.note"
      description="Description of the schema."/>
    <column name="schema_name" type="text" ucd="meta.id"
      description="Name of the schema, lower-cased."/>
    <column name="schema_title" type="text" ucd="meta.title"
      description="Title of the schema."/>
    <column name="schema_utype" type="text" ucd="meta.id"
      description="Utype of the schema, lower-cased."/>
  </table>

  <table id="res_table" onDisk="True" adql="True" primary="ivoid,table_index">
    <meta name="description">Tables of resources (in schemas or directly in the resource).</meta>
    <index columns="table_utype"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="schema_index" type="smallint" ucd="meta.number"
      description="Index of the table's schema (NULL for tables outside a tableset)."/>
    <column name="table_description" type="text" ucd="meta.note"
      description="Description of the table."/>
    <column name="table_name" type="text" ucd="meta.id"
      description="Fully qualified name of the table as it is queried."/>
    <column name="table_index" type="smallint" ucd="meta.number" required="True"
      description="Index of the table within the resource (from 1)."/>
    <column name="table_title" type="text" ucd="meta.title"
      description="Title of the table."/>
    <column name="table_type" type="text" ucd="meta.code"
      description="Table type (output, base_table, view), lower-cased."/>
    <column name="table_utype" type="text" ucd="meta.id"
      description="Utype of the table (the data model it follows), lower-cased."/>
  </table>

  <table id="table_column" onDisk="True" adql="True">
    <meta name="description">Columns of the resources' tables.</meta>
    <index columns="ucd"/>
    <index columns="ivoid,table_index"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="table_index" type="smallint" ucd="meta.number"
      description="Index of the column's table within the resource."/>
    <column name="name" type="text" ucd="meta.id"
      description="Name of the column, lower-cased."/>
    <column name="ucd" type="text" ucd="meta.ucd"
      description="UCD of the column, lower-cased."/>
    <column name="unit" type="text" ucd="meta.unit"
      description="Unit of the column."/>
    <column name="utype" type="text" ucd="meta.id"
      description="Utype of the column, lower-cased."/>
    <column name="std" type="smallint" ucd="meta.code"
      description="1 when the column is defined by a standard, 0 when not, NULL when not given."/>
    <column name="datatype" type="text" ucd="meta.code"
      description="Data type of the column, lower-cased."/>
    <column name="extended_schema" type="text" ucd="meta.code"
      description="Namespace of an extended type."/>
    <column name="extended_type" type="text" ucd="meta.code"
      description="Extended type (xtype)."/>
    <column name="arraysize" type="text" ucd="meta.code"
      description="Array size of the data type."/>
    <column name="delim" type="text" ucd="meta.code"
      description="Delimiter of array values."/>
    <column name="type_system" type="text" ucd="meta.code"
      description="Type system of the data type (vs:votabletype, vs:taptype, vs:simpledatatype)."/>
    <column name="flag" type="text" ucd="meta.code"
      description="Flags of the column (indexed, primary, nullable), hash-separated."/>
    <column name="column_description" type="text" ucd="meta.note"
      description="Description of the column."/>
  </table>

  <table id="interface" onDisk="True" adql="True" primary="ivoid,intf_index">
    <meta name="description">Interfaces (access URLs) of the resources' capabilities.</meta>
    <index columns="ivoid,cap_index"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="cap_index" type="smallint" ucd="meta.number"
      description="Index of the interface's capability."/>
    <column name="intf_index" type="smallint" ucd="meta.number" required="True"
      description="Index of the interface within the resource (from 1)."/>
    <column name="intf_type" type="text" ucd="meta.code"
      description="xsi:type of the interface, lower-cased with canonical prefix (vs:paramhttp, vr:webbrowser)."/>
    <column name="intf_role" type="text" ucd="meta.code"
      description="Role of the interface (std for standard interfaces), lower-cased."/>
    <column name="std_version" type="text" ucd="meta.version"
      description="Version of the standard the interface follows."/>
    <column name="query_type" type="text" ucd="meta.code"
      description="HTTP methods (get, post), hash-separated."/>
    <column name="result_type" type="text" ucd="meta.code.mime"
      description="Media type of the results, lower-cased."/>
    <column name="wsdl_url" type="text" ucd="meta.ref.url"
      description="URL of a WSDL document."/>
    <column name="url_use" type="text" ucd="meta.code"
      description="How to use the access URL (full, base, post, dir), lower-cased."/>
    <column name="access_url" type="text" ucd="meta.ref.url"
      description="The access URL."/>
    <column name="mirror_url" type="text" ucd="meta.ref.url"
      description="Mirror URLs, hash-separated."/>
    <column name="authenticated_only" type="smallint" ucd="meta.code"
      description="1 when every security method of the interface needs authentication."/>
  </table>

  <table id="intf_param" onDisk="True" adql="True">
    <meta name="description">Input parameters of the resources' interfaces.</meta>
    <index columns="ivoid,intf_index"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="intf_index" type="smallint" ucd="meta.number"
      description="Index of the parameter's interface."/>
    <column name="name" type="text" ucd="meta.id"
      description="Name of the parameter, lower-cased."/>
    <column name="ucd" type="text" ucd="meta.ucd"
      description="UCD of the parameter, lower-cased."/>
    <column name="unit" type="text" ucd="meta.unit"
      description="Unit of the parameter."/>
    <column name="utype" type="text" ucd="meta.id"
      description="Utype of the parameter, lower-cased."/>
    <column name="std" type="smallint" ucd="meta.code"
      description="1 when the parameter is defined by the standard."/>
    <column name="datatype" type="text" ucd="meta.code"
      description="Data type of the parameter, lower-cased."/>
    <column name="extended_schema" type="text" ucd="meta.code"
      description="Namespace of an extended type."/>
    <column name="extended_type" type="text" ucd="meta.code"
      description="Extended type."/>
    <column name="arraysize" type="text" ucd="meta.code"
      description="Array size of the data type."/>
    <column name="delim" type="text" ucd="meta.code"
      description="Delimiter of array values."/>
    <column name="param_use" type="text" ucd="meta.code"
      description="required, optional or ignored, lower-cased."/>
    <column name="param_description" type="text" ucd="meta.note"
      description="Description of the parameter."/>
  </table>

  <table id="relationship" onDisk="True" adql="True">
    <meta name="description">Relationships between resources (one row per related resource).</meta>
    <index columns="ivoid"/>
    <index columns="related_id"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="relationship_type" type="text" ucd="meta.code"
      description="Type of the relationship (served-by, is-derived-from, ...), lower-cased."/>
    <column name="related_id" type="text" ucd="meta.ref.ivoid"
      description="IVOA identifier of the related resource, lower-cased."/>
    <column name="related_name" type="text" ucd="meta.id"
      description="Name of the related resource."/>
  </table>

  <table id="validation" onDisk="True" adql="True">
    <meta name="description">Validation levels of resources and capabilities.</meta>
    <index columns="ivoid"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The validated resource."/>
    <column name="validated_by" type="text" ucd="meta.ref.ivoid"
      description="IVOA identifier of the validating registry, lower-cased."/>
    <column name="val_level" type="smallint" ucd="meta.code.qual"
      description="Validation level (0 to 4)."/>
    <column name="cap_index" type="smallint" ucd="meta.number"
      description="Index of the validated capability (NULL: the whole resource)."/>
  </table>

  <table id="res_date" onDisk="True" adql="True">
    <meta name="description">Dates in the resources' curation.</meta>
    <index columns="ivoid"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="date_value" type="timestamp" ucd="time.epoch"
      description="The date (UTC)."/>
    <column name="value_role" type="text" ucd="meta.code"
      description="What happened at this date (created, updated, collected, ...), lower-cased."/>
  </table>

  <table id="res_detail" onDisk="True" adql="True">
    <meta name="description">Further metadata of resources and capabilities, as xpath/value pairs.</meta>
    <index columns="detail_xpath"/>
    <index columns="detail_value"/>
    <index columns="ivoid"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="cap_index" type="smallint" ucd="meta.number"
      description="Index of the capability the value belongs to (NULL: the resource)."/>
    <column name="detail_xpath" type="text" ucd="meta.id"
      description="xpath of the metadata item (e.g. /capability/dataModel/@ivo-id)."/>
    <column name="detail_value" type="text" ucd="meta.note"
      description="The value, case kept."/>
  </table>

  <table id="alt_identifier" onDisk="True" adql="True">
    <meta name="description">Alternative identifiers (DOIs, ORCIDs, bibcodes as URIs) of resources and their creators.</meta>
    <index columns="alt_identifier"/>
    <index columns="ivoid"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="alt_identifier" type="text" ucd="meta.id"
      description="An alternative identifier in URI form."/>
  </table>

  <table id="stc_spatial" onDisk="True" adql="True">
    <meta name="description">Spatial coverage of resources.  This test bed's pgsphere has no MOC type: each HEALPix cell of a record's coverage MOC is one row, its coverage a polygon of the cell's four corners (see README.md).</meta>
    <index columns="ivoid"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="coverage" type="spoly" ucd="pos.outline;obs.field" unit="deg"
      description="One cell of the resource's coverage MOC, as a polygon (ICRS)."/>
    <column name="ref_system_name" type="text" ucd="meta.code"
      description="Frame of the coverage (NULL for ICRS)."/>
  </table>

  <table id="stc_spectral" onDisk="True" adql="True">
    <meta name="description">Spectral coverage of resources, as energy intervals.</meta>
    <index columns="ivoid"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="spectral_start" type="double precision" ucd="em.energy;stat.min" unit="J"
      description="Lower limit of the messenger energy interval."/>
    <column name="spectral_end" type="double precision" ucd="em.energy;stat.max" unit="J"
      description="Upper limit of the messenger energy interval."/>
  </table>

  <table id="stc_temporal" onDisk="True" adql="True">
    <meta name="description">Temporal coverage of resources, as MJD intervals.</meta>
    <index columns="ivoid"/>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="The parent resource."/>
    <column name="time_start" type="double precision" ucd="time.start;obs.exposure" unit="d"
      description="Start of the interval (MJD)."/>
    <column name="time_end" type="double precision" ucd="time.end;obs.exposure" unit="d"
      description="End of the interval (MJD)."/>
  </table>

  <data id="create">
    <make table="resource"/>
    <make table="res_role"/>
    <make table="res_subject"/>
    <make table="capability"/>
    <make table="res_schema"/>
    <make table="res_table"/>
    <make table="table_column"/>
    <make table="interface"/>
    <make table="intf_param"/>
    <make table="relationship"/>
    <make table="validation"/>
    <make table="res_date"/>
    <make table="res_detail"/>
    <make table="alt_identifier"/>
    <make table="stc_spatial"/>
    <make table="stc_spectral"/>
    <make table="stc_temporal"/>
  </data>
</resource>

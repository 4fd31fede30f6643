<!-- @vo integration test bed: five small 1D spectra served through
SSAP (with a datalink service returning SDM VOTables) and ObsCore
(ivoa.obscore, dataproduct_type 'spectrum').  Data: data/spec/*.fits,
written by scripts/dachs/gen_data.py. -->
<resource schema="vo_sample_spec" resdir=".">
  <meta name="creationDate">2024-05-01T00:00:00Z</meta>
  <meta name="title">@vo sample spectra</meta>
  <meta name="description">
    Five synthetic optical spectra (500 bins each) of stars in three
    fields (M31 field, Orion field, equator field at 180, 0).  Made for the
    integration tests of the @vo TypeScript library.
  </meta>
  <meta name="subject">spectroscopy</meta>
  <meta name="creator">@vo project</meta>
  <meta name="instrument">VOSPEC</meta>
  <meta name="facility">VOSAMPLE</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>

  <meta name="ssap.dataSource">pointed</meta>
  <meta name="ssap.creationType">archival</meta>
  <meta name="productType">spectrum</meta>
  <meta name="ssap.testQuery">MAXREC=1</meta>

  <table id="raw_data" onDisk="True" adql="hidden"
      namePath="//ssap#instance">
    <LOOP listItems="ssa_dateObs ssa_dstitle ssa_targname ssa_length
      ssa_specres ssa_timeExt ssa_specstart ssa_specend ssa_snr">
      <events>
        <column original="\item"/>
      </events>
    </LOOP>

    <mixin>//products#table</mixin>
    <mixin>//ssap#plainlocation</mixin>
    <mixin>//ssap#simpleCoverage</mixin>
    <FEED source="//scs#splitPosIndex"
      long="degrees(long(ssa_location))"
      lat="degrees(lat(ssa_location))"/>

    <column name="datalink" type="text"
      ucd="meta.ref.url"
      tablehead="Datalink"
      description="A link to a datalink document for this spectrum."
      verbLevel="15" displayHint="type=url">
      <property name="targetType"
       >application/x-votable+xml;content=datalink</property>
      <property name="targetTitle">Datalink</property>
    </column>

    <column name="airmass" type="real" ucd="obs.airMass"
      tablehead="Airmass"
      description="Airmass of the observation (a custom column, also the
        custom SSA parameter AIRMASS)."
      verbLevel="15"/>
  </table>

  <data id="import">
    <recreateAfter>make_view</recreateAfter>
    <sources recurse="True" pattern="data/spec/*.fits"/>

    <fitsProdGrammar qnd="True">
      <rowfilter procDef="//products#define">
        <bind key="table">"\schema.raw_data"</bind>
        <bind key="path">\fullDLURL{sdl}</bind>
        <bind key="fsize">20000</bind>
        <bind key="datalink">"\rdId#sdl"</bind>
        <bind key="mime">"application/x-votable+xml"</bind>
      </rowfilter>
    </fitsProdGrammar>

    <make table="raw_data">
      <rowmaker idmaps="*">
        <var key="specAx">getWCSAxis(@header_, 1)</var>

        <apply procDef="//ssap#fill-plainlocation">
          <bind key="ra">float(@RA)</bind>
          <bind key="dec">float(@DEC)</bind>
          <bind key="aperture">1/3600.</bind>
        </apply>

        <map key="ssa_dateObs">dateTimeToMJD(parseTimestamp(@DATE_OBS,
          "%Y-%m-%dT%H:%M:%S"))</map>
        <map key="ssa_dstitle">"{} {}".format(@OBJECT, @DATE_OBS[:10])</map>
        <map key="ssa_targname">@OBJECT</map>
        <map key="ssa_specstart">@specAx.pixToPhys(1)*1e-10</map>
        <map key="ssa_specend"
            >@specAx.pixToPhys(@specAx.axisLength)*1e-10</map>
        <map key="ssa_length">@specAx.axisLength</map>
        <map key="ssa_timeExt">float(@EXPTIME)</map>
        <map key="ssa_specres">2*float(@CDELT1)*1e-10</map>
        <map key="ssa_snr">float(@SNR)</map>
        <map key="airmass">float(@AIRMASS)</map>

        <map key="datalink">\dlMetaURI{sdl}</map>
      </rowmaker>
    </make>
  </data>

  <table id="data" onDisk="True" adql="True">
    <meta name="description">Synthetic spectra for the @vo integration
      tests (SSA view).</meta>
    <meta name="_associatedDatalinkService">
      <meta name="serviceId">sdl</meta>
      <meta name="idColumn">ssa_pubDID</meta>
    </meta>

    <mixin
      sourcetable="raw_data"
      copiedcolumns="*"
      ssa_aperture="1/3600."
      ssa_fluxunit="'erg/(s.cm**2.Angstrom)'"
      ssa_spectralunit="'Angstrom'"
      ssa_bandpass="'Optical'"
      ssa_collection="'vosample-spec'"
      ssa_fluxcalib="'CALIBRATED'"
      ssa_fluxucd="'phot.flux.density;em.wl'"
      ssa_speccalib="'ABSOLUTE'"
      ssa_spectralucd="'em.wl'"
      ssa_targclass="'star'"
    >//ssap#view</mixin>

    <mixin
      calibLevel="2"
      coverage="ssa_region"
      sResolution="ssa_spaceres"
      oUCD="ssa_fluxucd"
      emUCD="ssa_spectralucd"
      >//obscore#publishSSAPMIXC</mixin>
  </table>

  <data id="make_view" auto="False">
    <make table="data"/>
  </data>

  <coverage>
    <updater sourceTable="data"/>
  </coverage>

  <table id="instance" onDisk="False">
    <mixin ssaTable="data"
      spectralDescription="Wavelength"
      fluxDescription="Flux density"
      >//ssap#sdm-instance</mixin>
    <meta name="description">A synthetic stellar spectrum.</meta>
  </table>

  <data id="build_spectrum">
    <embeddedGrammar>
      <iterator>
        <code>
          from gavo.utils import pyfits
          sourcePath = os.path.join(
            base.getConfig("inputsDir"),
            urllib.parse.unquote(
              self.sourceToken["ssa_pubDID"].split('?', 1)[-1]))
          hdus = pyfits.open(sourcePath)
          try:
            hdr, flux = hdus[0].header, hdus[0].data
            for i, f in enumerate(flux):
              yield {
                "spectral": hdr["CRVAL1"]+(i+1-hdr["CRPIX1"])*hdr["CDELT1"],
                "flux": float(f)}
          finally:
            hdus.close()
        </code>
      </iterator>
    </embeddedGrammar>
    <make table="instance">
      <parmaker>
        <apply procDef="//ssap#feedSSAToSDM"/>
      </parmaker>
    </make>
  </data>

  <service id="sdl" allowed="dlget,dlmeta">
    <meta name="title">@vo sample spectra datalink</meta>
    <datalinkCore>
      <descriptorGenerator procDef="//soda#sdm_genDesc">
        <bind key="ssaTD">"\rdId#data"</bind>
      </descriptorGenerator>
      <dataFunction procDef="//soda#sdm_genData">
        <bind key="builder">"\rdId#build_spectrum"</bind>
      </dataFunction>
      <FEED source="//soda#sdm_plainfluxcalib"/>
      <FEED source="//soda#sdm_cutout"/>
      <FEED source="//soda#sdm_format"/>
    </datalinkCore>
  </service>

  <service id="web" defaultRenderer="form">
    <meta name="shortName">vo_sample spec web</meta>
    <meta name="title">@vo sample spectra (web form)</meta>
    <dbCore queriedTable="data">
      <condDesc buildFrom="ssa_location"/>
      <condDesc buildFrom="ssa_dateObs"/>
    </dbCore>
    <outputTable>
      <autoCols>accref, mime, ssa_targname,
        ssa_aperture, ssa_dateObs, datalink</autoCols>
      <FEED source="//ssap#atomicCoords"/>
      <outputField original="ssa_specstart" displayHint="spectralUnit=Angstrom"/>
      <outputField original="ssa_specend" displayHint="spectralUnit=Angstrom"/>
    </outputTable>
  </service>

  <service id="ssa" allowed="form,ssap.xml">
    <meta name="shortName">vo_sample SSAP</meta>
    <meta name="title">@vo sample spectra SSAP</meta>
    <meta name="ssap.complianceLevel">full</meta>

    <publish render="ssap.xml" sets="ivo_managed"/>
    <publish render="form" sets="ivo_managed,local" service="web"/>

    <ssapCore queriedTable="data">
      <FEED source="//ssap#hcd_condDescs"/>
      <!-- a custom parameter, listed in FORMAT=METADATA -->
      <condDesc buildFrom="airmass"/>
    </ssapCore>
  </service>
</resource>

<!-- @vo integration test bed: six small FITS images served through
SIAP v1 (this RD), SIAv2 (DaCHS's sitewide //siap2 service over ObsCore)
and ObsCore (ivoa.obscore).  Data: data/img/*.fits, written by
scripts/dachs/gen_data.py. -->
<resource schema="vo_sample_img" resdir=".">
  <meta name="creationDate">2024-05-01T00:00:00Z</meta>
  <meta name="title">@vo sample images</meta>
  <meta name="description">
    Six synthetic 64x64 pixel images (10 arcsec per pixel, TAN projection)
    in three fields (M31 field, Orion field, equator field at 180, 0), two
    per field with different dates and Johnson bands.  Made for the
    integration tests of the @vo TypeScript library.
  </meta>
  <meta name="subject">images</meta>
  <meta name="creator">@vo project</meta>
  <meta name="instrument">VOCAM</meta>
  <meta name="facility">VOSAMPLE</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>

  <table id="images" onDisk="True" mixin="//siap#pgs" adql="True">
    <meta name="description">Synthetic images for the @vo integration tests.</meta>
    <mixin
      calibLevel="2"
      collectionName="'vosample-img'"
      targetName="object"
      expTime="exptime"
      targetClass="'field'"
      facilityName="'VOSAMPLE'"
    >//obscore#publishSIAP</mixin>

    <column name="object" type="text" ucd="meta.id;src"
      tablehead="Object" description="Name of the field observed."
      verbLevel="15"/>
    <column name="exptime" type="real" unit="s" ucd="time.duration;obs.exposure"
      tablehead="T.Exp" description="Exposure time." verbLevel="15"/>
    <column name="seeing" type="real" unit="arcsec" ucd="instr.obsty.seeing"
      tablehead="Seeing" description="FWHM of the seeing disk (a custom
      column also exposed as the custom SIAP parameter SEEING)."
      verbLevel="15"/>
  </table>

  <coverage>
    <updater sourceTable="images"/>
  </coverage>

  <data id="import">
    <sources pattern="data/img/*.fits"/>
    <fitsProdGrammar>
      <rowfilter procDef="//products#define">
        <bind key="table">"\schema.images"</bind>
      </rowfilter>
    </fitsProdGrammar>

    <make table="images">
      <rowmaker>
        <apply procDef="//siap#setMeta">
          <bind key="dateObs">parseTimestamp(@DATE_OBS, "%Y-%m-%dT%H:%M:%S")</bind>
          <bind key="bandpassId">@FILTER</bind>
          <bind key="pixflags">"X"</bind>
          <bind key="title">"{} {} {}".format(@OBJECT, @FILTER, @DATE_OBS[:10])</bind>
          <bind key="instrument">@INSTRUME</bind>
        </apply>
        <apply procDef="//siap#getBandFromFilter"/>
        <apply procDef="//siap#computePGS"/>
        <map key="object">@OBJECT</map>
        <map key="exptime">float(@EXPTIME)</map>
        <map key="seeing">float(@SEEING)</map>
      </rowmaker>
    </make>
  </data>

  <service id="siap" allowed="form,siap.xml">
    <meta name="shortName">vo_sample SIAP</meta>
    <meta name="title">@vo sample images SIAP</meta>
    <meta name="sia.type">Pointed</meta>
    <meta name="testQuery.pos.ra">10.6847</meta>
    <meta name="testQuery.pos.dec">41.269</meta>
    <meta name="testQuery.size.ra">0.1</meta>
    <meta name="testQuery.size.dec">0.1</meta>
    <publish render="siap.xml" sets="ivo_managed"/>
    <publish render="form" sets="local,ivo_managed"/>

    <dbCore queriedTable="images">
      <condDesc original="//siap#protoInput"/>
      <condDesc original="//siap#humanInput"/>
      <!-- custom parameters, listed in FORMAT=METADATA -->
      <condDesc buildFrom="seeing"/>
      <condDesc buildFrom="dateObs"/>
    </dbCore>
  </service>
</resource>

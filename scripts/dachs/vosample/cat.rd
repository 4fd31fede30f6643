<!-- @vo integration test bed: a small deterministic star catalogue
served through SCS and TAP.  Data: data/cat/stars.csv, written by
scripts/dachs/gen_data.py. -->
<resource schema="vo_sample" resdir=".">
  <meta name="creationDate">2024-05-01T00:00:00Z</meta>
  <meta name="title">@vo sample star catalogue</meta>
  <meta name="description">
    About 2000 synthetic stars, most of them within half a degree of three
    field centres (M31 field, Orion field, equator field at 180, 0), the rest
    spread over the sky.  Made for the integration tests of the @vo
    TypeScript library: proper motions, parallaxes and B magnitudes have
    NULLs, source ids are beyond 2^53, and every row has a timestamp.
  </meta>
  <meta name="subject">catalogs</meta>
  <meta name="subject">astrometry</meta>
  <meta name="creator">@vo project</meta>
  <meta name="instrument">Synthetic</meta>
  <meta name="facility">None</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Catalog</meta>
  <meta name="coverage.waveband">Optical</meta>

  <table id="cat" onDisk="True" mixin="//scs#q3cindex" adql="True">
    <meta name="description">Synthetic stars for the @vo integration tests.</meta>
    <primary>source_id</primary>
    <stc>
      Position ICRS Epoch J2016.0 "ra" "dec"
    </stc>
    <column name="source_id" type="bigint" required="True"
      ucd="meta.id;meta.main" tablehead="Source id"
      description="Identifier (all above 2^53, so doubles lose digits)."
      verbLevel="1"/>
    <column name="name" type="text" ucd="meta.id"
      tablehead="Name" description="Designation built from the position."
      verbLevel="1"/>
    <column name="ra" type="double precision" required="True"
      unit="deg" ucd="pos.eq.ra;meta.main" tablehead="RA"
      description="ICRS right ascension." verbLevel="1"/>
    <column name="dec" type="double precision" required="True"
      unit="deg" ucd="pos.eq.dec;meta.main" tablehead="Dec"
      description="ICRS declination." verbLevel="1"/>
    <column name="pmra" type="real" unit="mas/yr"
      ucd="pos.pm;pos.eq.ra" tablehead="pmRA"
      description="Proper motion in RA (times cos(dec)); NULL for about 5%."
      verbLevel="1"/>
    <column name="pmdec" type="real" unit="mas/yr"
      ucd="pos.pm;pos.eq.dec" tablehead="pmDec"
      description="Proper motion in Dec; NULL for about 5%." verbLevel="1"/>
    <column name="parallax" type="real" unit="mas"
      ucd="pos.parallax" tablehead="Plx"
      description="Parallax; NULL for about 15%." verbLevel="1"/>
    <column name="vmag" type="real" unit="mag"
      ucd="phot.mag;em.opt.V" tablehead="V"
      description="V magnitude." verbLevel="1"/>
    <column name="bmag" type="real" unit="mag"
      ucd="phot.mag;em.opt.B" tablehead="B"
      description="B magnitude; NULL for about 10%." verbLevel="1"/>
    <column name="n_obs" type="integer"
      ucd="meta.number;obs" tablehead="N obs"
      description="Number of observations." verbLevel="1">
      <values nullLiteral="-1"/>
    </column>
    <column name="variable" type="boolean" required="True"
      ucd="meta.code;src.var" tablehead="Var?"
      description="True for (about 10% of) variable stars." verbLevel="1"/>
    <column name="obs_time" type="timestamp"
      ucd="time.epoch;obs" tablehead="Obs. time"
      description="Time of the reference observation (UTC)." verbLevel="1"/>
  </table>

  <coverage>
    <updater sourceTable="cat"/>
  </coverage>

  <data id="import">
    <sources pattern="data/cat/stars.csv"/>
    <csvGrammar/>
    <make table="cat">
      <rowmaker>
        <map dest="source_id">int(@source_id)</map>
        <map dest="name">@name</map>
        <map dest="ra">float(@ra)</map>
        <map dest="dec">float(@dec)</map>
        <map dest="pmra">parseWithNull(@pmra, float, "")</map>
        <map dest="pmdec">parseWithNull(@pmdec, float, "")</map>
        <map dest="parallax">parseWithNull(@parallax, float, "")</map>
        <map dest="vmag">float(@vmag)</map>
        <map dest="bmag">parseWithNull(@bmag, float, "")</map>
        <map dest="n_obs">int(@n_obs)</map>
        <map dest="variable">@variable=="1"</map>
        <map dest="obs_time">parseTimestamp(@obs_time, "%Y-%m-%d %H:%M:%S")</map>
      </rowmaker>
    </make>
  </data>

  <service id="cone" allowed="form,scs.xml">
    <meta name="shortName">vo_sample cone</meta>
    <meta name="title">@vo sample star catalogue cone search</meta>
    <meta name="testQuery">
      <meta name="ra">10.6847</meta>
      <meta name="dec">41.269</meta>
      <meta name="sr">0.1</meta>
    </meta>
    <publish render="form" sets="ivo_managed, local"/>
    <publish render="scs.xml" sets="ivo_managed"/>
    <scsCore queriedTable="cat">
      <FEED source="//scs#coreDescs"/>
      <!-- a custom parameter: VMAG, a PQL-style range like 10/12 -->
      <condDesc buildFrom="vmag"/>
    </scsCore>
  </service>
</resource>

<!-- @vo datalink/SODA test bed: 125 small FITS images (data/img, written
by gen_data.py) in a TAP table whose results carry a datalink service
descriptor; the datalink service offers #this, #preview, #preview-image,
#progenitor and a SODA sync and async (UWS)
(//soda FITS) processing service with CIRCLE/POLYGON/POS/pixel cutouts.
Not in ivoa.obscore (other tests count the images there). -->
<resource schema="vo_dlsoda_img" resdir=".">
  <meta name="creationDate">2026-12-07T00:00:00Z</meta>
  <meta name="title">@vo datalink test images</meta>
  <meta name="description">
    125 synthetic 48x48 pixel images (10 arcsec per pixel, TAN projection)
    on a grid around RA 200, Dec +30, for the datalink and SODA
    integration tests of the @vo TypeScript library.
  </meta>
  <meta name="subject">images</meta>
  <meta name="creator">@vo project</meta>
  <meta name="instrument">VODLCAM</meta>
  <meta name="facility">VOSAMPLE</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>

  <table id="images" onDisk="True" mixin="//siap#pgs" adql="True">
    <meta name="description">Synthetic images for the @vo datalink tests.</meta>
    <meta name="_associatedDatalinkService">
      <meta name="serviceId">dl</meta>
      <meta name="idColumn">pub_did</meta>
    </meta>
    <column name="pub_did" type="text" ucd="meta.id;meta.main"
      tablehead="PubDID" description="Publisher DID of the image (the
      datalink ID)." verbLevel="1"/>
    <column name="object" type="text" ucd="meta.id;src"
      tablehead="Object" description="Name of the field observed."
      verbLevel="15"/>
    <column name="dl_url" type="text" ucd="meta.ref.url"
      tablehead="Datalink" description="The datalink document of the image."
      verbLevel="15" displayHint="type=url">
      <property name="targetType"
        >application/x-votable+xml;content=datalink</property>
      <property name="targetTitle">Datalink</property>
    </column>
  </table>

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
          <bind key="title">"{} {}".format(@OBJECT, @FILTER)</bind>
          <bind key="instrument">@INSTRUME</bind>
        </apply>
        <apply procDef="//siap#getBandFromFilter"/>
        <apply procDef="//siap#computePGS"/>
        <map key="pub_did">\standardPubDID</map>
        <map key="object">@OBJECT</map>
        <map key="dl_url">\dlMetaURI{dl}</map>
      </rowmaker>
    </make>
  </data>

  <service id="dl" allowed="dlget,dlmeta,dlasync">
    <meta name="title">@vo datalink test images: datalink and SODA</meta>
    <datalinkCore>
      <descriptorGenerator procDef="//soda#fits_genDesc">
        <bind key="accrefPrefix">"dlsoda/data/img/"</bind>
      </descriptorGenerator>
      <FEED source="//soda#fits_standardDLFuncs"/>
      <!-- two more links per image: one whose semantics is narrower than
      #preview (for bySemantics with and without narrower terms) and a
      #progenitor -->
      <metaMaker>
        <code>
          yield descriptor.makeLink(
            base.makeAbsoluteURL("/getproduct/"+descriptor.accref+"?preview=True"),
            semantics="#preview-image",
            description="The preview as an image (#preview-image is narrower than #preview)",
            contentType="image/jpeg")
          yield descriptor.makeLink(
            base.makeAbsoluteURL("/getproduct/"+descriptor.accref),
            semantics="#progenitor",
            description="The frame this image was made from (in this test bed, the image itself)",
            contentType="image/fits")
        </code>
      </metaMaker>
    </datalinkCore>
  </service>
</resource>

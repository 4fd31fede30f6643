<resource schema="vo_auth" resdir="auth">
  <meta name="title">@vo protected test services</meta>
  <meta name="description">Services behind HTTP Basic authentication (DaCHS limitTo) for the @vo
    authentication tests (issue #15): a TAP service whose sync and async endpoints and every UWS job
    URL need credentials, and a cone search over the sample catalogue.</meta>
  <meta name="creationDate">2026-12-07T00:00:00Z</meta>
  <meta name="subject">virtual-observatories</meta>
  <meta name="creator.name">@vo test bed</meta>
  <meta name="contact.name">@vo test bed</meta>
  <meta name="contact.email">vo@localhost</meta>

  <service id="tap" allowed="sync,async,dali" limitTo="voauth">
    <meta name="title">@vo protected TAP</meta>
    <meta name="shortName">vo auth TAP</meta>
    <meta name="securityId">ivo://ivoa.net/sso#BasicAA</meta>
    <publish render="dali" sets="local"/>
    <tapCore/>
  </service>

  <service id="cone" allowed="scs.xml,form" limitTo="voauth">
    <meta name="title">@vo protected cone search</meta>
    <meta name="shortName">vo auth cone</meta>
    <meta name="securityId">ivo://ivoa.net/sso#BasicAA</meta>
    <meta name="testQuery">
      <meta name="ra">10.6847</meta>
      <meta name="dec">41.269</meta>
      <meta name="sr">0.05</meta>
    </meta>
    <publish render="scs.xml" sets="local"/>
    <scsCore queriedTable="vosample/cat#cat">
      <FEED source="//scs#coreDescs"/>
    </scsCore>
  </service>
</resource>

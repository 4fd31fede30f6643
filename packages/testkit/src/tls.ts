/**
 * Keys and certificates for TLS tests, made at test time with the `openssl` command (installed by
 * scripts/install-peers.sh on a fresh machine): a CA, a server certificate for 127.0.0.1 and localhost, and a
 * client certificate as PEM and as a PKCS#12 bundle. Nothing is checked in; the folder is temporary.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A small public-key infrastructure for one test file. */
export interface TestPki {
  /** The CA certificate (PEM) that signed both certificates. */
  readonly ca: string;
  /** The server's key and certificate (PEM), for 127.0.0.1 and localhost. */
  readonly server: { readonly key: string; readonly cert: string };
  /** The client's key and certificate (PEM), CN "vo-test-client". */
  readonly client: { readonly key: string; readonly cert: string };
  /** The client's key and certificate as PKCS#12, locked with `pfxPassphrase`. */
  readonly clientPfx: Uint8Array;
  /** The passphrase of `clientPfx`. */
  readonly pfxPassphrase: string;
  /** A second client certificate signed by a CA the server does not trust. */
  readonly stranger: { readonly key: string; readonly cert: string };
  /** Removes the temporary folder. */
  dispose(): Promise<void>;
}

/**
 * Makes a CA, server and client certificates with openssl (about a second).
 * @throws when `openssl` is missing: install it (Debian: `apt-get install openssl`).
 */
export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), "vo-pki-"));
  const openssl = async (...args: string[]): Promise<void> => {
    try {
      await run("openssl", args, { cwd: dir });
    } catch (err) {
      const e = err as { code?: string; stderr?: string };
      if (e.code === "ENOENT") throw new Error("openssl is not installed (Debian: apt-get install openssl; scripts/install-peers.sh does it)");
      throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? String(err)}`);
    }
  };
  const days = ["-days", "2"];
  const selfSignedCa = async (name: string): Promise<void> =>
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, ...days, "-subj", `/CN=${name}`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  const signed = async (name: string, ca: string, extensions: string): Promise<void> => {
    await openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
    await writeFile(join(dir, `${name}.ext`), extensions);
    await openssl("x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-out", `${name}.crt`, ...days, "-extfile", `${name}.ext`);
  };
  try {
    await selfSignedCa("vo-test-ca");
    await selfSignedCa("vo-stranger-ca");
    await signed("vo-test-server", "vo-test-ca", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    await signed("vo-test-client", "vo-test-ca", "extendedKeyUsage=clientAuth\n");
    await signed("vo-stranger-client", "vo-stranger-ca", "extendedKeyUsage=clientAuth\n");
    const pfxPassphrase = "pfx-pass-7f3a";
    await openssl("pkcs12", "-export", "-inkey", "vo-test-client.key", "-in", "vo-test-client.crt", "-out", "client.p12", "-passout", `pass:${pfxPassphrase}`);
    const text = (name: string): Promise<string> => readFile(join(dir, name), "utf8");
    return {
      ca: await text("vo-test-ca.crt"),
      server: { key: await text("vo-test-server.key"), cert: await text("vo-test-server.crt") },
      client: { key: await text("vo-test-client.key"), cert: await text("vo-test-client.crt") },
      clientPfx: new Uint8Array(await readFile(join(dir, "client.p12"))),
      pfxPassphrase,
      stranger: { key: await text("vo-stranger-client.key"), cert: await text("vo-stranger-client.crt") },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

import { describe, expect, it } from "vitest";
import {
  chooseDatasetFilename,
  extensionForMediaType,
  filenameFromContentDisposition,
  filenameFromUrl,
  MAX_FILENAME_BYTES,
  numberedFilename,
  sanitizeFilename,
} from "./filename.js";

const cd = (header: string): string =>
  chooseDatasetFilename({ contentDisposition: header, url: "http://example.org/getproduct" });

/** Asserts a name is one plain path segment that stays in its folder on POSIX and Windows. */
function assertSafe(name: string): void {
  expect(name).not.toMatch(/[/\\\0]/);
  // eslint-disable-next-line no-control-regex -- checking for control characters is the point
  expect(name).not.toMatch(/[\u0000-\u001f\u007f]/);
  expect(name).not.toMatch(/^\./);
  expect(name).not.toMatch(/^[A-Za-z]:/);
  expect(name).not.toMatch(/[<>:"|?*]/);
  expect(name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)\s*(\.|$)/i);
  // Well-formed UTF-16: what is returned is what lands on disk.
  expect(new TextDecoder().decode(new TextEncoder().encode(name))).toBe(name);
  expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
  expect(name.length).toBeGreaterThan(0);
}

describe("filenameFromContentDisposition", () => {
  it("reads plain, quoted and escaped filename=", () => {
    expect(filenameFromContentDisposition("attachment; filename=image.fits")).toBe("image.fits");
    expect(filenameFromContentDisposition('attachment; filename="my image.fits"')).toBe("my image.fits");
    expect(filenameFromContentDisposition('attachment; filename="a\\"b.fits"')).toBe('a"b.fits');
    expect(filenameFromContentDisposition('inline; FileName="x;y.fits"; size=3')).toBe("x;y.fits");
  });
  it("prefers RFC 5987 filename* and decodes UTF-8 and ISO-8859-1", () => {
    expect(
      filenameFromContentDisposition(`attachment; filename="fallback.fits"; filename*=UTF-8''%E2%82%AC%20rates.fits`),
    ).toBe("€ rates.fits");
    expect(filenameFromContentDisposition(`attachment; filename*=iso-8859-1'en'%E9t%E9.txt`)).toBe("été.txt");
  });
  it("falls back to filename= when filename* is malformed", () => {
    expect(filenameFromContentDisposition(`attachment; filename*=garbage; filename=ok.fits`)).toBe("ok.fits");
    expect(filenameFromContentDisposition(`attachment; filename*=UTF-8''%FF%FE; filename=ok.fits`)).toBe("ok.fits");
  });
  it("returns undefined without a file name", () => {
    expect(filenameFromContentDisposition("attachment")).toBeUndefined();
    expect(filenameFromContentDisposition("")).toBeUndefined();
    expect(filenameFromContentDisposition(null)).toBeUndefined();
    expect(filenameFromContentDisposition('attachment; filename=""')).toBeUndefined();
  });
});

describe("sanitizeFilename", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["/etc/passwd", "passwd"],
    ["..\\..\\windows\\system32\\evil.dll", "evil.dll"],
    ["C:\\Windows\\evil.exe", "evil.exe"],
    ["C:evil.exe", "C_evil.exe"],
    ["..", undefined],
    [".", undefined],
    ["...", undefined],
    ["", undefined],
    ["   ", undefined],
    [".bashrc", "bashrc"],
    ["..hidden", "hidden"],
    ["image.fits...", "image.fits"],
    ["image.fits   ", "image.fits"],
    ["CON", "_CON"],
    ["nul.txt", "_nul.txt"],
    ["com1.fits", "_com1.fits"],
    ["LPT9", "_LPT9"],
    ["console.fits", "console.fits"],
    ["CON .fits", "_CON .fits"],
    ["aux  .tar.gz", "_aux  .tar.gz"],
    ["lone\uD800surrogate\uDC00.fits", "lone\uFFFDsurrogate\uFFFD.fits"],
    ["a<b>c|d?e*f\".fits", "a_b_c_d_e_f_.fits"],
    ["file\u0000.fits/../../x", "x"],
    ["evil\u0000../../x.fits", "x.fits"],
    ["evil.sh\u0000.fits", "evil.sh.fits"],
    ["line\nbreak.fits", "linebreak.fits"],
    ["bell\u0007.fits", "bell.fits"],
    ["invoice\u202Efdp.exe", "invoicefdp.exe"],
    ["zero\u200Bwidth.fits", "zerowidth.fits"],
    ["stream.fits:hidden", "stream.fits_hidden"],
    ["ｆｕｌｌ.fits", "ｆｕｌｌ.fits"],
    ["M51 – Whirlpool.fits", "M51 – Whirlpool.fits"],
  ])("%j → %j", (input, expected) => {
    const out = sanitizeFilename(input);
    expect(out).toBe(expected);
    if (out) assertSafe(out);
  });

  it("truncates overlong names to 200 UTF-8 bytes, keeping the extension and whole code points", () => {
    const out = sanitizeFilename(`${"€".repeat(300)}.fits`)!;
    expect(new TextEncoder().encode(out).length).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(out.endsWith(".fits")).toBe(true);
    expect(out).not.toContain("\uFFFD");
    const ascii = sanitizeFilename("a".repeat(1000))!;
    expect(ascii.length).toBe(MAX_FILENAME_BYTES);
  });

  it("normalises to NFC", () => {
    expect(sanitizeFilename("e\u0301te\u0301.txt")).toBe("été.txt");
  });
});

describe("chooseDatasetFilename with hostile Content-Disposition", () => {
  it.each([
    ['attachment; filename="../../../../etc/cron.d/evil"', "evil"],
    ["attachment; filename=/etc/passwd", "passwd"],
    [`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, "passwd"],
    [`attachment; filename*=UTF-8''%2e%2e%2f%2e%2e%2fx.fits`, "x.fits"],
    [`attachment; filename*=UTF-8''%2e%2e`, "getproduct"],
    ['attachment; filename="%2e%2e%2f%2e%2e%2fx.fits"', "%2e%2e%2f%2e%2e%2fx.fits"],
    ['attachment; filename="C:\\\\Windows\\\\System32\\\\x.dll"', "x.dll"],
    ['attachment; filename="\\\\\\\\server\\\\share\\\\x.fits"', "x.fits"],
    ['attachment; filename="NUL"', "_NUL"],
    ['attachment; filename=".htaccess"', "htaccess"],
    ['attachment; filename=""', "getproduct"],
    [`attachment; filename*=UTF-8''%00%2F..%2Fx.fits`, "x.fits"],
    [`attachment; filename*=UTF-8''%E2%80%AEstif.exe`, "stif.exe"],
    [`attachment; filename*=UTF-8''%E6%98%9F%E7%A9%BA.fits`, "星空.fits"],
    ["attachment;;; filename=a.fits", "a.fits"],
    ['attachment; filename="CON .fits"', "_CON .fits"],
  ])("%s → %s", (header, expected) => {
    const out = cd(header);
    expect(out).toBe(expected);
    assertSafe(out);
  });

  it("caps a 10 kB server name", () => {
    const out = cd(`attachment; filename="${"x".repeat(10_000)}.fits"`);
    assertSafe(out);
    expect(out.endsWith(".fits")).toBe(true);
  });
});

describe("chooseDatasetFilename precedence and extensions", () => {
  it("caller's filename > Content-Disposition > suggested name > URL > 'dataset'", () => {
    const all = {
      filename: "mine.fits",
      contentDisposition: "attachment; filename=server.fits",
      suggestedName: "Record Title",
      url: "http://h/data/url-name.fits?x=1",
    };
    expect(chooseDatasetFilename(all)).toBe("mine.fits");
    expect(chooseDatasetFilename({ ...all, filename: undefined })).toBe("server.fits");
    expect(chooseDatasetFilename({ ...all, filename: undefined, contentDisposition: undefined })).toBe("Record Title");
    expect(chooseDatasetFilename({ url: all.url })).toBe("url-name.fits");
    expect(chooseDatasetFilename({ url: "http://h/" })).toBe("dataset");
    expect(chooseDatasetFilename({})).toBe("dataset");
  });
  it("sanitises the caller's filename too", () => {
    expect(chooseDatasetFilename({ filename: "../x.fits" })).toBe("x.fits");
  });
  it("adds an extension from the MIME type only when missing", () => {
    expect(chooseDatasetFilename({ suggestedName: "m51", contentType: "image/fits" })).toBe("m51.fits");
    expect(chooseDatasetFilename({ suggestedName: "m51", contentType: "application/fits; charset=x" })).toBe("m51.fits");
    expect(chooseDatasetFilename({ suggestedName: "spec", contentType: "application/x-votable+xml;content=datalink" })).toBe(
      "spec.xml",
    );
    expect(chooseDatasetFilename({ suggestedName: "m51.jpg", contentType: "image/fits" })).toBe("m51.jpg");
    expect(chooseDatasetFilename({ suggestedName: "m51", contentType: "application/octet-stream" })).toBe("m51");
    expect(chooseDatasetFilename({ url: "http://h/getproduct", contentType: "image/png" })).toBe("getproduct.png");
  });
  it("decodes the URL's last segment", () => {
    expect(filenameFromUrl("http://h/a/b%20c.fits")).toBe("b c.fits");
    expect(filenameFromUrl("http://h/a/%E0%A4%A.fits")).toBe("%E0%A4%A.fits");
    expect(chooseDatasetFilename({ url: "http://h/a/..%2F..%2Fetc%2Fpasswd" })).toBe("passwd");
  });
});

describe("extensionForMediaType / numberedFilename", () => {
  it("maps common MIME types", () => {
    expect(extensionForMediaType("image/fits")).toBe(".fits");
    expect(extensionForMediaType("application/fits")).toBe(".fits");
    expect(extensionForMediaType("IMAGE/JPEG")).toBe(".jpg");
    expect(extensionForMediaType("image/png")).toBe(".png");
    expect(extensionForMediaType("text/plain; charset=utf-8")).toBe(".txt");
    expect(extensionForMediaType("application/gzip")).toBe(".gz");
    expect(extensionForMediaType("application/x-votable+xml")).toBe(".xml");
    expect(extensionForMediaType("application/x-unknown")).toBeUndefined();
    expect(extensionForMediaType(undefined)).toBeUndefined();
  });
  it("numbers alternatives before the extension", () => {
    expect(numberedFilename("m51.fits", 1)).toBe("m51 (1).fits");
    expect(numberedFilename("dataset", 12)).toBe("dataset (12)");
    const long = numberedFilename(`${"a".repeat(200)}.fits`.slice(-200), 3);
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(long.endsWith(" (3).fits")).toBe(true);
  });
});

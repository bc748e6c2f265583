/**
 * The Java tools teikit runs when they are installed (jing for large schemas, Saxon-HE for the letter views of a long
 * build): finding the `java` binary and a jar, and the flags that keep a JVM off the network.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A jar and the java binary that runs it. */
export interface JavaTool {
  java: string;
  jar: string;
}

/** The `java` binary on PATH, if any. */
export function findJava(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const java = path.join(dir, 'java');
    try {
      fs.accessSync(java, fs.constants.X_OK);
      return java;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The first of `jars` that exists (`override`, when set, is the only candidate), with java; undefined when either is missing. */
export function findJavaTool(jars: readonly string[], override?: string): JavaTool | undefined {
  const jar = (override ? [override] : jars).find((j) => fs.existsSync(j));
  if (!jar) return undefined;
  const java = findJava();
  return java ? { java, jar } : undefined;
}

/** JVM flags that make any network access fail at once (proxies on a closed local port). */
export const NO_NETWORK_JVM_FLAGS: readonly string[] = [
  '-Djava.net.useSystemProxies=false',
  '-Dhttp.proxyHost=127.0.0.1',
  '-Dhttp.proxyPort=9',
  '-Dhttps.proxyHost=127.0.0.1',
  '-Dhttps.proxyPort=9',
  '-Dftp.proxyHost=127.0.0.1',
  '-Dftp.proxyPort=9',
  '-DsocksProxyHost=127.0.0.1',
  '-DsocksProxyPort=9',
  '-Dhttp.nonProxyHosts=',
  '-Djdk.xml.entityExpansionLimit=100000',
];

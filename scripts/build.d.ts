// Types of scripts/build.js (plain JavaScript because it runs before anything is compiled).
export declare const ROOT: string;
export declare const SOURCE_DIRS: string[];
export declare function distState(
  root?: string,
): { missing: true; staleSource?: undefined } | { missing: false; staleSource: string | undefined };
export declare function build(root?: string): Promise<{ files: number; ms: number }>;

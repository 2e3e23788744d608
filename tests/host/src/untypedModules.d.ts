// Shared modules that ship no types; the host only hands them to plugins unchanged.
declare module 'prismjs';
declare module 'slate';
declare module 'slate-plain-serializer';

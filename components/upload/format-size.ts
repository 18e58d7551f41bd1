const sizeFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** "1.5 MB", "820 KB": file sizes as the upload form shows them. */
export const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${sizeFormat.format(bytes / (1024 * 1024))} MB` : `${sizeFormat.format(bytes / 1024)} KB`);

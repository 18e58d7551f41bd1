import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted-foreground">That page does not exist, or you do not have access to it.</p>
      <Link href="/imports" className="text-primary hover:underline">Back to imports</Link>
    </div>
  );
}

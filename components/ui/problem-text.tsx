/** A problem message as text, with its `quoted` values shown as code, not as raw backticks. */
export function ProblemText({ text }: { text: string }) {
  const parts = text.split("`");
  // An odd part count means the backticks pair up; otherwise show the text as it is.
  if (parts.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="rounded bg-muted px-1 font-mono text-[0.9em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

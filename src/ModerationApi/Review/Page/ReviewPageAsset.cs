using Microsoft.Net.Http.Headers;

namespace ModerationApi.Review.Page;

/// <summary>One embedded file of the review page, read once, with a content hash for conditional requests.</summary>
/// <param name="Content">The file's bytes.</param>
/// <param name="ContentType">The media type with charset.</param>
/// <param name="ETag">A strong entity tag derived from the content.</param>
internal sealed record ReviewPageAsset(byte[] Content, string ContentType, EntityTagHeaderValue ETag);

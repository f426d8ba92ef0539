using Microsoft.AspNetCore.Http;
using Mip.Images;

namespace Mip.Service;

/// <summary>An uploaded image file: its bytes, its name and the decoded pixels (decoding proved it is an image).</summary>
internal sealed record UploadedImage(string Name, byte[] Bytes, RgbImage Image);

/// <summary>Reads the image field of a multipart upload and decodes it, or says why not.</summary>
internal static class UploadReader
{
    public const string FileField = "image";

    /// <summary>The decoded upload, or an error result (400 for a bad or missing image, 413 for a too-large body).</summary>
    public static async Task<(UploadedImage? Upload, IFormCollection? Form, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (!request.HasFormContentType)
            return (null, null, Results.BadRequest(new ErrorResponse($"Send the image as multipart/form-data in a field named '{FileField}'.")));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellation);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, TooLarge(request));
        }
        catch (InvalidDataException e)
        {
            // The multipart reader throws this for a section over the configured length limit, and for a malformed body.
            return e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? (null, null, TooLarge(request))
                : (null, null, Results.BadRequest(new ErrorResponse($"The upload is not valid multipart/form-data: {e.Message}")));
        }
        var file = form.Files.GetFile(FileField) ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null) return (null, form, Results.BadRequest(new ErrorResponse($"The form has no file field '{FileField}'.")));
        string name = Path.GetFileName(file.FileName);
        if (string.IsNullOrWhiteSpace(name)) name = "upload";
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, cancellation);
        if (bytes.Length == 0) return (null, form, Results.BadRequest(new ErrorResponse($"The uploaded file '{name}' is empty.")));
        try
        {
            var image = ImageReader.Decode(bytes, name);
            return (new UploadedImage(name, bytes, image), form, null);
        }
        catch (ImageDecodeException e)
        {
            return (null, form, Results.BadRequest(new ErrorResponse(e.Message)));
        }
    }

    private static IResult TooLarge(HttpRequest request)
    {
        long limit = request.HttpContext.RequestServices.GetService(typeof(MipServiceOptions)) is MipServiceOptions o ? o.MaxUploadBytes : 0;
        return Results.Json(new ErrorResponse($"The upload is larger than the limit of {limit / 1024.0 / 1024.0:F1} MiB."), statusCode: StatusCodes.Status413PayloadTooLarge);
    }
}

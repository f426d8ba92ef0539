using Microsoft.Playwright;
using Mip.Images;

namespace Mip.Tests.Retrieval;

/// <summary>
/// The web page in headless Chromium (Debian's /usr/bin/chromium driven by Playwright; no browser download): upload a
/// query photo and see the top-k results rendered with thumbnails and distances. Saves a screenshot of the results
/// page to the test output (and to MIP_SCREENSHOT when set, which is how docs/ got its copy).
/// </summary>
public sealed class BrowserPageTests(ServiceFixture server) : IClassFixture<ServiceFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Uploading_a_query_shows_ranked_thumbnails_with_distances()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs Debian's chromium package.");
        using var dir = new TempDir();
        // A small gallery of drawn photos, stored with their bytes so the page can show thumbnails.
        var vectorizer = server.Vectorizer;
        for (int seed = 500; seed < 512; seed++)
        {
            var image = TestPhotos.Draw(seed, 120, 100);
            var bytes = ImageWriter.EncodeJpeg(image, 90);
            server.Store.Add(new Mip.Retrieval.Stores.GalleryEntry(Mip.Retrieval.ContentHash.Of(bytes), $"gallery-{seed}.jpg",
                vectorizer.Embed(ImageReader.Decode(bytes, "gallery")), bytes, seed % 2 == 0 ? "even" : "odd"));
        }
        string query = dir.File("query-505.jpg");
        File.WriteAllBytes(query, ImageWriter.EncodeJpeg(TestPhotos.Draw(505, 120, 100), 90));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 820 } });
        await page.GotoAsync(server.BaseAddress + "/");
        await page.Locator("#query-file").SetInputFilesAsync(query);
        await page.Locator("#query-k").FillAsync("6");
        await page.Locator("#search-button").ClickAsync();

        var cards = page.Locator("#results .result");
        await Assertions.Expect(cards).ToHaveCountAsync(6);
        // The query is the same drawing encoded the same way: it ranks first at distance ~0.
        await Assertions.Expect(cards.First.Locator(".name")).ToContainTextAsync("gallery-505.jpg");
        var distances = new List<double>();
        foreach (var text in await page.Locator("#results .distance").AllTextContentsAsync())
            distances.Add(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(distances[0] < 0.05, $"first distance {distances[0]}");
        Assert.Equal(distances.OrderBy(d => d), distances);
        // Every thumbnail actually loaded (naturalWidth is 0 for a broken image).
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth > 0)");
        await Assertions.Expect(page.Locator("#search-message")).ToContainTextAsync("6 results");

        string shot = Path.Combine(AppContext.BaseDirectory, "service-results-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        if (Environment.GetEnvironmentVariable("MIP_SCREENSHOT") is { Length: > 0 } target) File.Copy(shot, target, overwrite: true);
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
